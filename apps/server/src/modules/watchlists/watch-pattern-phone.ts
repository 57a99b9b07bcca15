import { Metadata } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/max/metadata';

/*
 * Whether a phone range's start could begin a valid number: the test a range needs where the phone
 * normaliser asks whether a whole number is valid (which reading of `00 66 81…` wins, phone-dialling.ts).
 * A range is cut short, so "valid" here is "some completion matches the numbering plan's general pattern
 * (libphonenumber's national number pattern) and one of its number types' patterns", as the library
 * judges a whole number valid. The general pattern alone is looser than the types in many plans: it let
 * `0066…` start a number of Italy, Norway or Indonesia, none of which has one.
 *
 * JavaScript regular expressions have no partial match, so the patterns are read here: the metadata writes
 * them with digits, classes (`[2-57]`, `\d`), non-capturing groups, `|` and the quantifiers `?`, `{n}`,
 * `{n,m}` only. A pattern with anything else answers "could" — the range is then read as before.
 */

type Node =
  | { kind: 'digits'; accepts: (digit: string) => boolean }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number };

/** The parts of the library's `Metadata` reader this uses: they exist at run time, its declarations leave them out. */
type MetadataReader = {
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  isNonGeographicCallingCode(callingCode: string): boolean;
  hasCallingCode(callingCode: string): boolean;
  selectNumberingPlan(countryOrCallingCode: string): void;
  nationalNumberPattern(): string;
  numberingPlan: { hasTypes(): boolean; type(name: string): { pattern(): string } | undefined };
};

/** The number types libphonenumber-js judges validity by (`getNumberType`). */
const NUMBER_TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;

class Unsupported extends Error {}

/** A longest E.164 number has 15 digits: no quantifier needs to count further. */
const UNBOUNDED = 17;

function parse(pattern: string): Node {
  let at = 0;
  const peek = () => pattern[at];
  const alternation = (): Node => {
    const options = [sequence()];
    while (peek() === '|') {
      at += 1;
      options.push(sequence());
    }
    return options.length === 1 ? options[0]! : { kind: 'alt', options };
  };
  const sequence = (): Node => {
    const items: Node[] = [];
    while (at < pattern.length && peek() !== '|' && peek() !== ')') items.push(quantified(atom()));
    return { kind: 'seq', items };
  };
  const atom = (): Node => {
    const char = peek();
    if (char === '(') {
      if (!pattern.startsWith('(?:', at)) throw new Unsupported();
      at += 3;
      const inner = alternation();
      if (peek() !== ')') throw new Unsupported();
      at += 1;
      return inner;
    }
    if (char === '[') {
      const end = pattern.indexOf(']', at);
      if (end === -1) throw new Unsupported();
      const body = pattern.slice(at + 1, end);
      if (!/^(?:[0-9](?:-[0-9])?)+$/.test(body)) throw new Unsupported();
      at = end + 1;
      const set = new RegExp(`^[${body}]$`);
      return { kind: 'digits', accepts: (digit) => set.test(digit) };
    }
    if (pattern.startsWith('\\d', at)) {
      at += 2;
      return { kind: 'digits', accepts: () => true };
    }
    if (char !== undefined && /[0-9]/.test(char)) {
      at += 1;
      return { kind: 'digits', accepts: (digit) => digit === char };
    }
    throw new Unsupported();
  };
  const quantified = (node: Node): Node => {
    if (peek() === '?') {
      at += 1;
      return { kind: 'repeat', node, min: 0, max: 1 };
    }
    const count = /^\{(\d+)(?:(,)(\d*))?\}/.exec(pattern.slice(at));
    if (!count) return node;
    at += count[0].length;
    const min = Number(count[1]);
    const max = count[2] === undefined ? min : count[3] === '' ? UNBOUNDED : Number(count[3]);
    return { kind: 'repeat', node, min, max };
  };
  const root = alternation();
  if (at !== pattern.length) throw new Unsupported();
  return root;
}

/**
 * The positions of `digits` where matching `node` from `from` can end. Reaching the end of `digits` is
 * always possible once there (every node matches some digits), which is what makes the match partial:
 * the digits typed are a start, and the pattern may go on.
 */
function ends(node: Node, digits: string, from: number): Set<number> {
  if (from === digits.length) return new Set([from]);
  switch (node.kind) {
    case 'digits':
      return node.accepts(digits[from]!) ? new Set([from + 1]) : new Set();
    case 'seq': {
      let positions = new Set([from]);
      for (const item of node.items) positions = new Set([...positions].flatMap((p) => [...ends(item, digits, p)]));
      return positions;
    }
    case 'alt':
      return new Set(node.options.flatMap((option) => [...ends(option, digits, from)]));
    case 'repeat': {
      const found = new Set(node.min === 0 ? [from] : []);
      let positions = new Set([from]);
      for (let count = 1; count <= node.max && positions.size > 0; count += 1) {
        positions = new Set([...positions].flatMap((p) => [...ends(node.node, digits, p)]));
        if (count >= node.min) for (const p of positions) found.add(p);
      }
      return found;
    }
  }
}

const compiled = new Map<string, Node | null>();

function compile(pattern: string): Node | null {
  if (!compiled.has(pattern)) {
    try {
      compiled.set(pattern, parse(pattern));
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      compiled.set(pattern, null);
    }
  }
  return compiled.get(pattern)!;
}

/** A plan's patterns: its general pattern, and its number types' (none when the metadata has none: the general one decides). */
type PlanPatterns = { general: string; types: string[] };

/** The patterns of the plans a calling code dials: its countries' (+1: the US, Canada…), or a non-geographic one's. */
function plansOf(callingCode: string): PlanPatterns[] {
  const reader = new Metadata(metadata) as unknown as MetadataReader;
  const countries = reader.getCountryCodesForCallingCode(callingCode);
  const plans = countries ?? (reader.isNonGeographicCallingCode(callingCode) && reader.hasCallingCode(callingCode) ? [callingCode] : []);
  return plans.map((plan) => {
    reader.selectNumberingPlan(plan);
    const general = reader.nationalNumberPattern();
    const numbering = reader.numberingPlan;
    const types = numbering.hasTypes() ? NUMBER_TYPES.map((name) => numbering.type(name)?.pattern()).filter((pattern): pattern is string => Boolean(pattern)) : [];
    return { general, types };
  });
}

/** Whether a completion of `nationalStart` could match `pattern` (a pattern this cannot read: yes). */
function couldMatch(pattern: string, nationalStart: string): boolean {
  const node = compile(pattern);
  return node === null || ends(node, nationalStart, 0).has(nationalStart.length);
}

/** Whether some valid number of `callingCode` has a national number starting with `nationalStart`. */
export function couldStartValidNumber(callingCode: string, nationalStart: string): boolean {
  return plansOf(callingCode).some(
    ({ general, types }) => couldMatch(general, nationalStart) && (types.length === 0 || types.some((type) => couldMatch(type, nationalStart))),
  );
}
