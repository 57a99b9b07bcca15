import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMispSource } from './misp-feed.js';

describe('readMispSource', () => {
  it('refuses a file holding a NUL, naming where, as the HTTP route refuses such a body (diff review, session 25)', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'misp-feed-'));
    try {
      const file = path.join(dir, 'event.json');
      await fs.writeFile(file, JSON.stringify({ Event: { info: 'cut\u0000here', Attribute: [] } }));
      const [entry] = (await readMispSource(file)).entries;
      const loaded = await entry!.load();
      expect(loaded.json).toBeNull();
      expect(loaded.error).toMatchObject({ code: 'misp.error_unstorable_text', message: 'holds text no database stores as sent, at Event.info: contains a NUL character (U+0000), which no text may hold' });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
