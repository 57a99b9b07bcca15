import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { CredentialCache } from '../../src/platform/auth/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.js';
// @ts-expect-error: a build script in plain JavaScript, without type declarations.
import { precompress } from '../../../../scripts/precompress.mjs';

/**
 * The web app's files as the build leaves them: text files with Brotli and gzip copies beside them
 * (scripts/precompress.mjs), sent by Accept-Encoding, with the caching each kind of file allows.
 */
describe('web app files', () => {
  let app: FastifyInstance;
  let database: TestDatabase;
  let webDist: string;
  const script = `console.log(${JSON.stringify('GPOS '.repeat(2000))});`;
  const flag = `<svg xmlns="http://www.w3.org/2000/svg">${'<path d="M0 0h10v10H0z"/>'.repeat(200)}</svg>`;
  const font = Buffer.alloc(4096, 7);

  beforeAll(async () => {
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-web-files-'));
    fs.writeFileSync(path.join(webDist, 'index.html'), `<!doctype html><title>GPOS test web app</title>${'<!-- padding -->'.repeat(100)}`);
    fs.mkdirSync(path.join(webDist, 'assets'));
    fs.writeFileSync(path.join(webDist, 'assets', 'index-1234.js'), script);
    fs.writeFileSync(path.join(webDist, 'assets', 'th-5678.svg'), flag);
    fs.writeFileSync(path.join(webDist, 'assets', 'font-9abc.woff2'), font);
    fs.writeFileSync(path.join(webDist, 'favicon.svg'), '<svg/>');
    const { before, after } = precompress(webDist) as { before: number; after: number };
    expect(after).toBeLessThan(before);
    database = await createTestDatabase('sqlite');
    const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), webDistDir: webDist };
    app = await buildApp({ db: database.handle.db, engine: 'sqlite', handle: database.handle, config, credentialCache: new CredentialCache() }, { logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) => app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

  it('writes Brotli and gzip copies of text files only, and only where they are smaller', () => {
    expect(fs.existsSync(path.join(webDist, 'assets', 'index-1234.js.br'))).toBe(true);
    expect(fs.existsSync(path.join(webDist, 'assets', 'index-1234.js.gz'))).toBe(true);
    expect(fs.existsSync(path.join(webDist, 'assets', 'th-5678.svg.br'))).toBe(true);
    expect(fs.existsSync(path.join(webDist, 'assets', 'font-9abc.woff2.br'))).toBe(false);
    expect(fs.existsSync(path.join(webDist, 'favicon.svg.br'))).toBe(false); // under 1 KB
  });

  it('sends the Brotli copy to a browser that accepts it, the gzip one otherwise, the file itself to others', async () => {
    const brotli = await get('/assets/index-1234.js', 'gzip, deflate, br');
    expect(brotli.statusCode).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(script);
    expect(brotli.rawPayload.length).toBeLessThan(script.length / 4);

    const gzip = await get('/assets/index-1234.js', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(script);

    const plain = await get('/assets/index-1234.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);

    const refused = await get('/assets/index-1234.js', 'br;q=0, gzip;q=0');
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('keeps fingerprinted assets a year, compressed or not, and revalidates the rest', async () => {
    for (const [url, encoding] of [['/assets/index-1234.js', 'br'], ['/assets/th-5678.svg', 'gzip'], ['/assets/font-9abc.woff2', 'br'], ['/assets/font-9abc.woff2', undefined]] as const) {
      const response = await get(url, encoding);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], `${url} ${encoding}`).toBe('public, max-age=31536000, immutable');
    }
    const font = await get('/assets/font-9abc.woff2', 'br');
    expect(font.headers['content-encoding']).toBeUndefined();
    expect(font.rawPayload.equals(Buffer.alloc(4096, 7))).toBe(true);
    expect((await get('/favicon.svg', 'br')).headers['cache-control']).toBe('public, max-age=0');
    const page = await get('/reports/new', 'br');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(brotliDecompressSync(page.rawPayload).toString()).toContain('GPOS test web app');
  });
});
