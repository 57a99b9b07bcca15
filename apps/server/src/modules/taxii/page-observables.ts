import type { StixObject } from '../reports/report.stix.js';
import { mergeCopies } from '../stix/index.js';

/**
 * One copy of each observable (SCO) per TAXII page. An observable that several reports name (a shared
 * domain, a wallet) is among the objects of each of their feed entries, marked like that report; a page of
 * such reports carried it once per report, with different `object_marking_refs` (two AMBER+STRICT reports
 * for different audiences…), and an SCO has no `modified`: a consumer that upserts by id (OpenCTI,
 * MISP-STIX) kept whichever copy came last, so the markings were mixed or lost. A page now sends each
 * observable once, its markings merged exactly as the STIX bundle export merges them (`mergeCopies`:
 * the strictest TLP plus every GPOS marking-definition), with the `date_added` — an SCO's version — of the
 * latest copy merged. Only copies the page serves are merged (every one from a report the client may see,
 * on this page), so the merged markings name only marking-definitions of this page's reports.
 *
 * A merged copy is listed where its latest copy is — with that report's objects, at that copy's date — so
 * the page stays ordered by date_added (TAXII 2.1 §3.4) and equals the page the latest copies alone would
 * make. That place is only known when the page ends, so a page that merges holds its objects until it ends
 * (at most `limit`: 1,000) and gives them out then. Not merged: a request by id (`match[id]`,
 * `objects/{id}/`, `versions/`), where each copy is the version the client asked for (docs/taxii.md);
 * those pages stream as before.
 */
export interface PageItem {
  object: StixObject;
  dateAdded: string;
  version: string;
}

/** An object with neither `modified` nor `created`: an SCO, whose TAXII version is its date_added. */
export const isObservable = (object: StixObject): boolean => typeof object.modified !== 'string' && typeof object.created !== 'string';

export class PageObservables {
  /** The page's objects in the order chosen; an observable by its id, at its latest copy's place (null: moved on). */
  private readonly order: (PageItem | string | null)[] = [];
  private readonly held = new Map<string, { item: PageItem; place: number }>();

  /** Whether the page already holds a copy of this observable (a later copy is merged into it, not sent). */
  holds(object: StixObject): boolean {
    return this.held.has(object.id);
  }

  /** An object of the page: an observable's first copy, or any other object. */
  add(item: PageItem): void {
    if (!isObservable(item.object)) {
      this.order.push(item);
      return;
    }
    this.held.set(item.object.id, { item, place: this.order.length });
    this.order.push(item.object.id);
  }

  /** A later copy: merged into the held one, which takes this copy's place, date_added and version. */
  merge(item: PageItem): void {
    const { item: held, place } = this.held.get(item.object.id)!;
    this.order[place] = null;
    this.held.set(item.object.id, { item: { ...item, object: mergeCopies(held.object, item.object) }, place: this.order.length });
    this.order.push(item.object.id);
  }

  /** The page's objects, each observable once; the page forgets them. */
  drain(): PageItem[] {
    const items = this.order.filter((entry) => entry !== null).map((entry) => (typeof entry === 'string' ? this.held.get(entry)!.item : entry));
    this.order.length = 0;
    this.held.clear();
    return items;
  }
}
