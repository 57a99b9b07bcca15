/**
 * What a dropped file is, decided by its content (never its name): a STIX 2.1 bundle (`type: "bundle"`)
 * or MISP events in any shape MISP writes (`{"Event": …}`, `{"response": [...]}`, a bare event, or a list
 * of them). The counts are a preview only; the server decides what is imported and says so object by object.
 */
import { LIMITS, STIX_LIMITS } from '@gpos/contracts';

export type InteropFormat = 'stix' | 'misp';

export interface StixPreview {
  format: 'stix';
  bundleId: string | null;
  objects: number;
  /** Objects per STIX type, most frequent first. */
  byType: [string, number][];
  /** A readable name per object id (an observable's value, a report's name), to show beside the import's answer. */
  labels: Record<string, string>;
}

export interface MispPreview {
  format: 'misp';
  events: number;
  /** Attributes of the events and of their objects. */
  attributes: number;
  objects: number;
}

export type Detected = StixPreview | MispPreview;

export type DetectFailure = { kind: 'not_json'; message: string } | { kind: 'unknown'; topLevel: string };

export type DetectResult = { ok: true; detected: Detected } | { ok: false; failure: DetectFailure };

/** The body limit each import route states (the server answers 413 beyond it). */
export const IMPORT_BODY_LIMITS: Record<InteropFormat, number> = {
  stix: STIX_LIMITS.bundleBytes,
  misp: LIMITS.requestBodyBytes,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A bare MISP event: the fields every MISP event export has at least one of. */
function looksLikeBareEvent(value: Record<string, unknown>): boolean {
  return 'Attribute' in value || 'Object' in value || ('info' in value && ('uuid' in value || 'date' in value));
}

/** The MISP events a document holds, or null when it is not MISP. */
function mispEvents(doc: unknown): Record<string, unknown>[] | null {
  if (Array.isArray(doc)) {
    if (doc.length === 0) return null;
    const events: Record<string, unknown>[] = [];
    for (const item of doc) {
      const inner = mispEvents(item);
      if (!inner) return null;
      events.push(...inner);
    }
    return events;
  }
  if (!isRecord(doc)) return null;
  // An `Event` that is no object (null, text…) is still MISP's shape: it is sent, so that the server says
  // what is wrong with it (`misp.error_event_null`…) beside what the rest of the file holds; no event to count.
  if (Object.hasOwn(doc, 'Event')) return isRecord(doc.Event) ? [doc.Event] : [];
  if (Array.isArray(doc.response)) return mispEvents(doc.response);
  if (looksLikeBareEvent(doc)) return [doc];
  return null;
}

function countMisp(events: Record<string, unknown>[]): MispPreview {
  let attributes = 0;
  let objects = 0;
  for (const event of events) {
    attributes += asArray(event.Attribute).length;
    for (const object of asArray(event.Object)) {
      objects += 1;
      if (isRecord(object)) attributes += asArray(object.Attribute).length;
    }
  }
  return { format: 'misp', events: events.length, attributes, objects };
}

/** What a person would call the object: the value of an observable, an account's platform and handle, a name. */
function labelOf(object: Record<string, unknown>): string | null {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const user = text(object.user_id);
  const label = user ? [text(object.account_type), user].filter(Boolean).join(': ') : (text(object.value) ?? text(object.name));
  return label ? label.slice(0, 200) : null;
}

function countStix(bundle: Record<string, unknown>): StixPreview {
  const objects = asArray(bundle.objects);
  const counts = new Map<string, number>();
  const labels: Record<string, string> = {};
  for (const object of objects) {
    const type = isRecord(object) && typeof object.type === 'string' ? object.type : '?';
    counts.set(type, (counts.get(type) ?? 0) + 1);
    if (isRecord(object) && typeof object.id === 'string') {
      const label = labelOf(object);
      if (label) labels[object.id] = label;
    }
  }
  return {
    format: 'stix',
    bundleId: typeof bundle.id === 'string' ? bundle.id : null,
    objects: objects.length,
    byType: [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    labels,
  };
}

/** Parsed JSON → what it is. */
export function detectDocument(doc: unknown): DetectResult {
  if (isRecord(doc) && doc.type === 'bundle') return { ok: true, detected: countStix(doc) };
  const events = mispEvents(doc);
  if (events) return { ok: true, detected: countMisp(events) };
  const topLevel = Array.isArray(doc) ? 'array' : isRecord(doc) ? `{${Object.keys(doc).slice(0, 5).join(', ')}}` : doc === null ? 'null' : typeof doc;
  return { ok: false, failure: { kind: 'unknown', topLevel } };
}

/** File text → what it is; JSON syntax errors carry the parser's message. */
export function detectText(text: string): DetectResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, failure: { kind: 'not_json', message: error instanceof Error ? error.message.slice(0, 300) : String(error) } };
  }
  return detectDocument(doc);
}

/** 1.5 MB / 1.5 เมกะไบต์: sizes in the reader's language (binary multiples, as the server's limits are). */
export function formatBytes(bytes: number, tag: string): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / 1024 / 1024, 'megabyte'] : bytes >= 1024 ? [bytes / 1024, 'kilobyte'] : [bytes, 'byte'];
  // "12 byte" is what the short form gives in English; the long form says "12 bytes".
  return new Intl.NumberFormat(tag, { style: 'unit', unit, unitDisplay: unit === 'byte' ? 'long' : 'short', maximumFractionDigits: 1 }).format(value);
}
