import type { HoldReason } from './link-policy.js';

/** What the linker knows of an indicator: its type, report count, hold, network and open reports. */
export interface Facts {
  type: string;
  reportCount: number;
  hold: HoldReason | null;
  linkedNetwork: string | null;
  openReports: number;
  heldBefore: boolean;
}

/** An indicator newly linked in this session: its network (resolved by find) and open reports so far. */
export interface Assigned {
  network: string;
  openReports: number;
  type: string;
}

/** One distinct indicator of the reports a session attaches, shared by the reports that sight it. */
export interface Slot {
  id: string;
  /** Sightings of it among the attached reports. */
  n: number;
  f: Facts | undefined;
  /**
   * The distinct networks of the already linked reports that sight it, and how many of those reports
   * are open (only looked up when it may have some).
   */
  others: string[] | undefined;
  othersOpen: number;
  /** Whether a report's join has merged all of `others` (with its entry's network) already. */
  othersJoined: boolean;
  entry: Assigned | undefined;
  /** The last list `distinct` took it in. */
  seenBy: number;
}

/**
 * The slots of one chunk of reports, by indicator id. Each distinct indicator gets one slot that the
 * reports sighting it share, so its facts, sightings in the chunk, linked reports elsewhere and
 * assignment are looked up once, not once per sighting.
 */
export class SlotTable {
  private readonly slots = new Map<string, Slot>();
  private lists = 0;

  private slotFor(id: string): Slot {
    let slot = this.slots.get(id);
    if (!slot) this.slots.set(id, (slot = { id, n: 0, f: undefined, others: undefined, othersOpen: 0, othersJoined: false, entry: undefined, seenBy: 0 }));
    return slot;
  }

  /** One more sighting of the indicator in the chunk. */
  sighted(id: string): Slot {
    const slot = this.slotFor(id);
    slot.n += 1;
    return slot;
  }

  /** A report's indicator ids as slots, once each and in order, each counted as one sighting. */
  distinct(ids: readonly string[]): Slot[] {
    this.lists += 1;
    const out: Slot[] = [];
    for (const id of ids) {
      const slot = this.slotFor(id);
      if (slot.seenBy === this.lists) continue;
      slot.seenBy = this.lists;
      slot.n += 1;
      out.push(slot);
    }
    return out;
  }

  ids(): IterableIterator<string> {
    return this.slots.keys();
  }

  all(): IterableIterator<Slot> {
    return this.slots.values();
  }
}
