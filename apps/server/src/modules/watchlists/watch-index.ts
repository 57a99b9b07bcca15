/**
 * The watchlists of every organisation, in memory, matched against each ingested indicator: exact keys
 * by map lookup, domains by walking up the labels, prefixes (phone and account ranges) by a scan over
 * the prefixes of that type — few enough per type that a scan beats a trie's upkeep.
 */
export interface Watch {
  id: string;
  organisationId: string;
  name: string;
  kind: 'exact' | 'prefix' | 'domain';
  indicatorType: string;
  pattern: string;
}

export class WatchIndex {
  private exact = new Map<string, Watch[]>();
  private domains = new Map<string, Watch[]>();
  private prefixes = new Map<string, Watch[]>();

  constructor(watches: Watch[] = []) {
    for (const watch of watches) this.add(watch);
  }

  add(watch: Watch): void {
    const push = (map: Map<string, Watch[]>, key: string) => map.set(key, [...(map.get(key) ?? []), watch]);
    if (watch.kind === 'exact') push(this.exact, `${watch.indicatorType}\u0000${watch.pattern}`);
    else if (watch.kind === 'domain') push(this.domains, watch.pattern);
    else push(this.prefixes, watch.indicatorType);
  }

  match(type: string, value: string): Watch[] {
    const found = [...(this.exact.get(`${type}\u0000${value}`) ?? [])];
    const prefixes = this.prefixes.get(type) ?? [];
    // An IPv6 range is typed group by group (`2001:db8:0:0:`), the stored address has its longest zero run
    // compressed (`2001:db8::1`): it is matched on the address with every group written out too.
    const spelt = type === 'ip' && prefixes.length > 0 && value.includes('::') ? allGroups(value) : null;
    for (const watch of prefixes) if (inRange(watch.pattern, value) || spelt?.startsWith(watch.pattern)) found.push(watch);
    const host = type === 'domain' ? value : type === 'url' ? hostOf(value) : type === 'email' ? value.slice(value.lastIndexOf('@') + 1) : null;
    if (host) {
      let candidate = host;
      for (;;) {
        // A domain watch of type `domain` covers every identifier under it; of type `url` or `email`, those alone.
        for (const watch of this.domains.get(candidate) ?? []) if (watch.indicatorType === 'domain' || watch.indicatorType === type) found.push(watch);
        const dot = candidate.indexOf('.');
        if (dot < 0) break;
        candidate = candidate.slice(dot + 1);
      }
    }
    return found;
  }
}

/** An IBAN range (watch-pattern.ts): `IBAN:`, its country, `:` and the start of the BBAN. */
const IBAN_RANGE = /^IBAN:[A-Z]{2}:/;
const IBAN_RANGE_COUNTRY_END = 'IBAN:DE'.length;
const IBAN_BBAN_AT = 'IBAN:DE89'.length;
const EVM = 'EVM:';

/**
 * Whether a stored identifier is in a range (a canonical pattern, watch-pattern.ts): it starts with it,
 * but an IBAN range skips the stored IBAN's check digits (`IBAN:DE:37040044` takes IBAN:DE89370400440532013000
 * and IBAN:DE62370400440532013001 alike), and an EVM range (lower case) takes a stored EIP-55 address in any case.
 */
function inRange(pattern: string, value: string): boolean {
  if (IBAN_RANGE.test(pattern)) return value.startsWith(pattern.slice(0, IBAN_RANGE_COUNTRY_END)) && value.startsWith(pattern.slice(IBAN_RANGE_COUNTRY_END + 1), IBAN_BBAN_AT);
  if (pattern.startsWith(EVM)) return value.startsWith(EVM) && value.slice(EVM.length).toLowerCase().startsWith(pattern.slice(EVM.length));
  return value.startsWith(pattern);
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/** A canonical IPv6 address (RFC 5952) with its compressed zero run written out: `2001:db8::1` is `2001:db8:0:0:0:0:0:1`. */
function allGroups(ipv6: string): string {
  const [head = '', tail = ''] = ipv6.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right].join(':');
}
