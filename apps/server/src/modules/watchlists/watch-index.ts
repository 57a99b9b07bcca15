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
    for (const watch of this.prefixes.get(type) ?? []) if (value.startsWith(watch.pattern)) found.push(watch);
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

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}
