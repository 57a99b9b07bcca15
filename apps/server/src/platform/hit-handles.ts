import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/index.js';

/**
 * Hit handles: what a hidden hit names its identifier by, instead of the indicator's id. Ids are UUIDv7,
 * whose first 48 bits are the time they were made — an indicator's id is the moment the first report of
 * it arrived, anywhere — so an id handed to one who may see none of its reports dated a report hidden
 * from them (security review, session 24). A handle is the id enciphered with this installation's key
 * (AES-256 on its 16 bytes: one block, no padding), `hit-` and 22 base64url characters: the same for
 * every caller and every time (a pending request is recognised by it), opaque without the key, and
 * turned back into the id by the routes that take one.
 */
export interface HitHandles {
  of(indicatorId: string): string;
  /** The indicator id a handle stands for, or null when the text is not a handle. */
  idOf(handle: string): string | null;
}

export const HIT_HANDLE = /^hit-[A-Za-z0-9_-]{22}$/;

const loaded = new WeakMap<Db, Promise<HitHandles>>();

/**
 * The installation's handles (its key read once per process and database). Inside a transaction, pass it
 * as `reader`: on SQLite the database's one connection is the transaction's until it ends.
 */
export function hitHandlesOf(db: Db, reader: Db = db): Promise<HitHandles> {
  let handles = loaded.get(db);
  if (!handles) {
    handles = keyOf(reader).then(handlesWith);
    handles.catch(() => loaded.delete(db)); // read again next time
    loaded.set(db, handles);
  }
  return handles;
}

async function keyOf(db: Db): Promise<Buffer> {
  const read = async () => (await db.selectFrom('platform_secrets').select('value').where('name', '=', 'hit_handle_key').executeTakeFirst())?.value;
  let value = await read();
  if (value === undefined) {
    // Made by migration 025; made here if it is gone. Another process may make it at once: the first one stays.
    await sql`insert into platform_secrets (name, value) values ('hit_handle_key', ${randomBytes(32).toString('base64url')}) on conflict (name) do nothing`.execute(db);
    value = await read();
  }
  const key = Buffer.from(value ?? '', 'base64url');
  if (key.length !== 32) throw new Error('platform_secrets.hit_handle_key is not a 256-bit key');
  return key;
}

export function handlesWith(key: Buffer): HitHandles {
  const block = (decipher: boolean, bytes: Buffer): Buffer => {
    const cipher = decipher ? createDecipheriv('aes-256-ecb', key, null) : createCipheriv('aes-256-ecb', key, null);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(bytes), cipher.final()]);
  };
  return {
    of(indicatorId) {
      return `hit-${block(false, Buffer.from(indicatorId.replace(/-/g, ''), 'hex')).toString('base64url')}`;
    },
    idOf(handle) {
      if (!HIT_HANDLE.test(handle)) return null;
      const bytes = Buffer.from(handle.slice(4), 'base64url');
      if (bytes.length !== 16) return null;
      const hex = block(true, bytes).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };
}
