import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Time-ordered UUIDs: new rows land at the end of their index, and ids double as a stable sort key. */
export const newId = (): string => uuidv7();

const DAY_MS = 86_400_000;
const randomPool = new Uint8Array(16 * 256);
let poolAt = randomPool.length;

/**
 * A UUIDv7 whose time field is the start of the current UTC day and whose other 74 bits are random: rows
 * still land in their index's newest region (today's), but the id tells only the day it was made — not
 * the moment, nor the order within the day. For rows whose id is shown to viewers who may not see what
 * made them: an indicator first named by a restricted report, a network founded by one. A UUIDv7 from
 * `newId` dated such a report to the millisecond (security review, session 25). Not for every row: within
 * a day these land anywhere in their indexes, and a bulk load made only of them ran ~30% slower on SQLite.
 */
export function newDayId(now = Date.now()): string {
  if (poolAt === randomPool.length) {
    randomFillSync(randomPool);
    poolAt = 0;
  }
  const bytes = randomPool.subarray(poolAt, poolAt + 16);
  poolAt += 16;
  const day = Math.floor(now / DAY_MS) * DAY_MS;
  const hex = day.toString(16).padStart(12, '0');
  const rest = Array.from(bytes.subarray(6), (b) => b.toString(16).padStart(2, '0')).join('');
  // Version 7 in the 13th hex digit, variant 10xx in the 17th.
  const variant = ((bytes[8]! & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${rest.slice(1, 4)}-${variant}${rest.slice(6, 8)}-${rest.slice(8, 20)}`;
}

export const nowIso = (): string => new Date().toISOString();
