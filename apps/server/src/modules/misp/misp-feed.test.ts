import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMispSource } from './misp-feed.js';

/** A scratch directory for one test, removed after it. */
async function inDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'misp-feed-'));
  try {
    await run(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('readMispSource', () => {
  it('refuses a file holding a NUL, naming where, as the HTTP route refuses such a body (diff review, session 25)', () =>
    inDir(async (dir) => {
      const file = path.join(dir, 'event.json');
      await fs.writeFile(file, JSON.stringify({ Event: { info: 'cut\u0000here', Attribute: [] } }));
      const [entry] = (await readMispSource(file)).entries;
      const loaded = await entry!.load();
      expect(loaded.json).toBeNull();
      expect(loaded.error).toMatchObject({ code: 'misp.error_unstorable_text', message: 'holds text no database stores as sent, at Event.info: contains a NUL character (U+0000), which no text may hold' });
    }));

  it('refuses a file holding a __proto__ or constructor.prototype key whole, naming the key with the code the HTTP route answers', () =>
    inDir(async (dir) => {
      const proto = path.join(dir, 'proto.json');
      // Written as text: JSON.stringify of an object literal would drop `__proto__` (it sets the prototype).
      await fs.writeFile(proto, '{"Event":{"info":"x","Attribute":[{"type":"phone-number","value":"+66812345678"},{"type":"text","value":"y","__proto__":{"isAdmin":true}}]}}');
      const constructor = path.join(dir, 'constructor.json');
      await fs.writeFile(constructor, '[{"Event":{"info":"x","Orgc":{"constructor":{"prototype":{"isAdmin":true}}}}}]');
      const load = async (file: string) => (await (await readMispSource(file)).entries[0]!.load());
      const refusedProto = await load(proto);
      expect(refusedProto).toMatchObject({ json: null, forbiddenKey: { path: 'Event.Attribute.1.__proto__', code: 'json.forbidden_key', params: { key: '__proto__' } } });
      expect(refusedProto.forbiddenKey!.message).toMatch(/^is refused: a __proto__ key can change the prototype of objects on the server/);
      expect(refusedProto.error).toBeUndefined();
      expect(await load(constructor)).toMatchObject({ json: null, forbiddenKey: { path: '0.Event.Orgc.constructor.prototype', params: { key: 'constructor.prototype' } } });
      // No prototype was changed by reading them.
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    }));

  it('bounds the path of a key nested deeper than any MISP event', () =>
    inDir(async (dir) => {
      const file = path.join(dir, 'deep.json');
      await fs.writeFile(file, `{"Event":{"info":"x","Orgc":${'{"a":'.repeat(500)}{"__proto__":1}${'}'.repeat(500)}}}`);
      const loaded = await (await readMispSource(file)).entries[0]!.load();
      expect(loaded.forbiddenKey!.path).toBe(`Event.Orgc${'.a'.repeat(500)}.__proto__`.slice(0, 200));
    }));

  it('refuses a feed whose manifest holds such a key, naming the manifest and the key', () =>
    inDir(async (dir) => {
      await fs.writeFile(path.join(dir, 'manifest.json'), '{"__proto__":{"info":"x"}}');
      await expect(readMispSource(dir)).rejects.toThrow(`${path.join(dir, 'manifest.json')}: __proto__ is refused: a __proto__ key`);
    }));
});
