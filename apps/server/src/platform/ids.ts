import { v7 as uuidv7 } from 'uuid';

/** Time-ordered UUIDs: new rows land at the end of their index, and ids double as a stable sort key. */
export const newId = (): string => uuidv7();

export const nowIso = (): string => new Date().toISOString();
