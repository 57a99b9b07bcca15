import { sql } from 'kysely';
import type { Db } from '../../db/index.js';

/** Windows that ended this long ago are deleted (at most once a minute per process). */
const KEEP_ENDED_MS = 3_600_000;
const SWEEP_EVERY_MS = 60_000;
/** A key is the route and the client address; an address is at most 45 characters (IPv6 with IPv4 tail). */
const MAX_KEY_LENGTH = 300;

type Hit = { current: number; ttl: number };

/**
 * Counts one hit in the fixed window of `key` (`timeWindow` ms, started by its first hit, restarted by the
 * first hit after it ends), in one statement: hits at once on several servers each count. Shared by the
 * rate limiter's store and the services' own limits (user-email-refusals.ts).
 */
export async function hitWindow(db: Db, key: string, timeWindow: number, now: number): Promise<Hit> {
  const ended = now - timeWindow;
  const row = await db
    .insertInto('rate_limit_windows')
    .values({ key, started_ms: now, hits: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limit_windows.started_ms <= ${ended} then 1 else rate_limit_windows.hits + 1 end`,
        started_ms: sql<number>`case when rate_limit_windows.started_ms <= ${ended} then ${now} else rate_limit_windows.started_ms end`,
      }),
    )
    .returning(['hits', 'started_ms'])
    .executeTakeFirstOrThrow();
  return { current: Number(row.hits), ttl: Math.max(0, Number(row.started_ms) + timeWindow - now) };
}

/**
 * A store for @fastify/rate-limit that keeps its fixed windows in the database (`rate_limit_windows`),
 * so a limit holds across every server on one database: behind a load balancer the sign-in limit per
 * address is the configured one, not that times the number of servers (the library's own store counts
 * per process). One upsert per limited request — only sign-in and password changes are limited, and both
 * write to the database anyway. The window starts at the first hit and restarts at the first hit after it
 * ends, as the library's local store does.
 */
export function databaseRateLimitStore(db: Db) {
  let lastSweep = 0;

  async function hit(key: string, timeWindow: number): Promise<Hit> {
    const now = Date.now();
    const counted = await hitWindow(db, key, timeWindow, now);
    if (now - lastSweep > SWEEP_EVERY_MS) {
      lastSweep = now;
      await db.deleteFrom('rate_limit_windows').where('started_ms', '<', now - KEEP_ENDED_MS).execute();
    }
    return counted;
  }

  // What the plugin passes at run time: its options merged with the route's, and the route as `routeInfo`
  // (its typings say otherwise, so they are read defensively).
  type StoreOptions = { routeInfo?: { method?: unknown; url?: unknown }; timeWindow?: unknown };

  return class DatabaseRateLimitStore {
    private readonly route: string;
    private readonly timeWindow: number;

    /** The plugin builds one with its global options, then a child per limited route (its window in ms). */
    constructor(options?: object) {
      const given = (options ?? {}) as StoreOptions;
      const info = given.routeInfo;
      this.route = typeof info?.url === 'string' ? `${String(info.method)} ${info.url}` : 'global';
      this.timeWindow = typeof given.timeWindow === 'number' ? given.timeWindow : 60_000;
    }

    /** The plugin passes the window of the request (its typings omit it). */
    incr(key: string, callback: (error: Error | null, result?: Hit) => void, timeWindow: number = this.timeWindow): void {
      hit(`${this.route} ${key}`.slice(0, MAX_KEY_LENGTH), timeWindow).then(
        (result) => callback(null, result),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(options: object): DatabaseRateLimitStore {
      return new DatabaseRateLimitStore(options);
    }
  };
}
