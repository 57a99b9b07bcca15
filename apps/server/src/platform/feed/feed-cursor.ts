/**
 * How long a PostgreSQL transaction may take to commit after it took its feed numbers and still be read:
 * a number skipped for longer is given up. Ingest and status-change transactions last well under a second.
 */
export const LATE_COMMIT_GRACE_MS = 60_000;

/**
 * A reader's position in a feed numbered by a sequence taken at insert, not at commit (`report_changes.seq`,
 * a PostgreSQL bigserial or SQLite's rowid). On PostgreSQL two transactions can commit in the other order
 * than their numbers, so a reader can see 101 before 100 exists; a rolled-back transaction leaves its
 * numbers unused for ever. Numbers skipped over are kept as gaps, asked for again on every read until
 * they appear or `graceMs` has passed, so a transaction that commits late is still read once. SQLite has
 * one writer and reuses a rolled-back number, so it never leaves a gap behind a visible row.
 */
export class FeedCursor {
  /** The highest number read so far. */
  private last: number;
  /** Numbers below `last` not read yet, with when they were first missed (ms). */
  private readonly gaps = new Map<number, number>();

  constructor(
    start: number,
    private readonly graceMs: number,
    /** At most this many gaps are kept (a very large rollback): the oldest are given up first. */
    private readonly maxGaps = 2_000,
  ) {
    this.last = start;
  }

  /** Where to read from: every number above `after`, and the gaps. */
  wanted(now: number): { after: number; gaps: number[] } {
    for (const [seq, since] of this.gaps) if (now - since > this.graceMs) this.gaps.delete(seq);
    return { after: this.last, gaps: [...this.gaps.keys()] };
  }

  /** Numbers just read (each at most once), in any order; returns those to process (not seen before). */
  read(seqs: readonly number[], now: number): number[] {
    const fresh: number[] = [];
    for (const seq of [...seqs].sort((a, b) => a - b)) {
      if (this.gaps.delete(seq)) {
        fresh.push(seq);
      } else if (seq > this.last) {
        for (let missing = Math.max(this.last + 1, seq - this.maxGaps); missing < seq; missing += 1) this.gaps.set(missing, now);
        this.last = seq;
        fresh.push(seq);
      }
    }
    for (const seq of this.gaps.keys()) {
      if (this.gaps.size <= this.maxGaps) break;
      this.gaps.delete(seq);
    }
    return fresh;
  }

  /** Marks the numbers in (start - window, start] that do not exist as gaps (rows possibly still uncommitted). */
  missingBelowStart(existing: readonly number[], window: number, now: number): void {
    const seen = new Set(existing);
    for (let seq = Math.max(1, this.last - window + 1); seq <= this.last; seq += 1) if (!seen.has(seq)) this.gaps.set(seq, now);
  }

  get position(): { last: number; gaps: number } {
    return { last: this.last, gaps: this.gaps.size };
  }
}
