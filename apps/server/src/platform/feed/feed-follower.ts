import { FeedCursor, LATE_COMMIT_GRACE_MS } from './feed-cursor.js';

/** A row of a numbered feed (`report_changes`, `events`): its number, and whatever the reader needs. */
export interface FeedRow {
  seq: number | string;
}

export interface FeedSource<R extends FeedRow> {
  /** The feed's highest number now (0 when empty). */
  end(): Promise<number>;
  /** The numbers that exist in (start - window, start]. */
  near(start: number, window: number): Promise<number[]>;
  /** Rows numbered above `after` or in `gaps`, in number order, at most `limit`. */
  read(after: number, gaps: readonly number[], limit: number): Promise<R[]>;
}

export interface FeedFollowerOptions<R extends FeedRow> {
  source: FeedSource<R>;
  /** The rows read for the first time, in number order. */
  handle(rows: R[]): Promise<void> | void;
  pollMs: number;
  /** Rows per read; a longer backlog is read on the following reads, one page each. */
  page?: number;
  /** How long a skipped number is asked for again (a transaction committing late). */
  graceMs?: number;
  /**
   * The key of a row this process may have written itself (see `committedHere`); such rows are skipped
   * once, not handed over: what they stand for is in this process's memory already.
   */
  localKey?: (row: R) => string;
}

/** Keys this process wrote, not yet met in the feed; past this many the oldest are forgotten (then read back: harmless). */
const MAX_LOCAL = 50_000;

/** Numbers below the start position checked for rows not committed yet when following starts. */
const START_WINDOW = 1_000;

/**
 * Reads a feed of rows numbered at insert (see FeedCursor for why numbers may show out of order) as a
 * server process runs: every `pollMs` from where `from()` placed it, each row handed over once. Used to
 * bring state held in one process's memory up to date with what other processes (a second server on the
 * same PostgreSQL, `gpos import` beside a server on the same SQLite file) commit to the database.
 */
export function createFeedFollower<R extends FeedRow>(options: FeedFollowerOptions<R>) {
  const { source, handle, pollMs } = options;
  const page = options.page ?? 2_000;
  const graceMs = options.graceMs ?? LATE_COMMIT_GRACE_MS;
  let cursor: FeedCursor | null = null;
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  const local = new Set<string>();

  /** Reads one page past the cursor; returns how many rows it read. */
  async function poll(): Promise<number> {
    if (!cursor) return 0;
    const now = Date.now();
    const { after, gaps } = cursor.wanted(now);
    const rows = await source.read(after, gaps, page);
    if (rows.length === 0) return 0;
    const fresh = new Set(cursor.read(rows.map((r) => Number(r.seq)), now));
    const localKey = options.localKey;
    const first = rows.filter((r) => fresh.has(Number(r.seq)) && !(localKey && local.delete(localKey(r))));
    if (first.length > 0) await handle(first);
    return rows.length;
  }

  async function catchUp(): Promise<void> {
    while ((await poll()) === page);
  }

  return {
    /** The feed's end now: taken before a scan of the state the feed updates, so nothing falls between. */
    mark: () => source.end(),
    /** Places the follower at `start`; rows below it not committed yet are read when they are. */
    async from(start: number): Promise<void> {
      const next = new FeedCursor(start, graceMs);
      next.missingBelowStart(await source.near(start, START_WINDOW), START_WINDOW, Date.now());
      cursor = next;
    },
    /**
     * Keys of rows this process is writing (called inside their transaction, so before the feed can show
     * them): the follower skips those rows once. Nothing is kept while it is not running.
     */
    committedHere(keys: readonly string[]): void {
      if (!timer) return;
      for (const key of keys) local.add(key);
      for (const key of local) {
        if (local.size <= MAX_LOCAL) break;
        local.delete(key);
      }
    },
    /** Whether from() has placed it. */
    placed: () => cursor !== null,
    catchUp,
    start(onError: (error: unknown) => void): void {
      if (timer) return;
      timer = setInterval(() => {
        if (polling) return;
        polling = catchUp()
          .catch(onError)
          .finally(() => (polling = null));
      }, pollMs);
      timer.unref();
    },
    /** Whether start() runs it. */
    running: () => timer !== null,
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      if (polling) await polling;
    },
  };
}

export type FeedFollower = ReturnType<typeof createFeedFollower>;
