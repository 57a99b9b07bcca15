// Bulk upload benchmark: the same NDJSON file of BENCH_BULK_LINES lines (default 100,000) uploaded on the
// web's bulk upload page (Chromium driven by playwright-core, from the click to "Done") and imported with
// `gpos import` beside a running server (the baseline, same run). Each measure on a fresh database (the
// demo world without demo reports), so neither finds the other's reports or indicators. Prints the
// seconds of each and the ratio web / CLI; BENCH_ROUNDS (default 1) alternates them and takes medians.
// BENCH_BULK_BASELINE_REF (a git commit, e.g. $(git merge-base main HEAD): its apps/web is built with
// this checkout's packages) also uploads with that commit's web app, built into bench/out, in the same
// rounds: the page's change measured against its own before. Needs Chromium (BENCH_CHROMIUM, default
// /usr/bin/chromium). BENCH_PORT picks the server's port (default: one the kernel gives).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { freePort, gpos, gposBin, median, root, startProcess, stopProcess } from './support.mjs';

const LINES = Number(process.env.BENCH_BULK_LINES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'bench-Demo-Password-2025!';
const ANALYST = 'analyst@kh-police.demo';
const BASELINE_REF = process.env.BENCH_BULK_BASELINE_REF;
const work = mkdtempSync(join(tmpdir(), 'gpos-bulk-bench-'));

/** The web app of `ref` built on its own (its apps/web, this checkout's packages), for WEB_DIST_DIR. */
function buildBaselineWeb(ref) {
  const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' }).trim();
  // Inside the repository, so that its imports resolve from the repository's node_modules.
  const dir = join(root, 'bench/out/bulk-baseline', sha);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${sha} apps/web tsconfig.base.json | tar -x -C "${dir}"`], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: join(dir, 'apps/web'), stdio: 'inherit' });
  return { sha, dist: join(dir, 'apps/web/dist') };
}

/** Lines of about 280 bytes (a 100,000-line file is ~28 MB, as the walkthrough's was), each with its own phone and account, no idempotency key. */
function writeFile() {
  const file = join(work, 'bulk.ndjson');
  const lines = Array.from({ length: LINES }, (_, i) =>
    JSON.stringify({
      scamType: i % 3 === 0 ? 'investment' : 'job',
      channel: 'messaging_app',
      victimCountry: 'KH',
      occurredAt: '2026-02-01T09:00:00+07:00',
      narrative: `Bench report ${i}: met on a messaging app, asked to pay a fee`,
      indicators: [
        { type: 'phone', value: `+85517${String(i).padStart(6, '0')}` },
        { type: 'bank_account', value: `KH:ABAAKHPP:${String(100000000 + i)}` },
      ],
    }),
  );
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** A fresh database with the demo world, and a server on it. */
async function freshServer(name, webDist) {
  const dataDir = join(work, name);
  const env = { DATA_DIR: dataDir, DEMO_PASSWORD: PASSWORD, LOG_LEVEL: 'warn', DATABASE_URL: '', DEMO_REPORTS: '0', HOST: '127.0.0.1', ...(webDist ? { WEB_DIST_DIR: webDist } : {}) };
  gpos(['demo'], env);
  const port = Number(process.env.BENCH_PORT ?? (await freePort()));
  // Another server there would answer the readiness check (and the sign-in) in this one's place.
  if (await fetch(`http://127.0.0.1:${port}/readyz`).then(() => true, () => false)) throw new Error(`BENCH_PORT ${port} is in use`);
  const { child } = await startProcess([gposBin, 'serve'], { ...env, PORT: String(port) }, `http://127.0.0.1:${port}/readyz`, 60_000);
  return { env, child, base: `http://127.0.0.1:${port}` };
}

async function cliImport(file, round) {
  const server = await freshServer(`cli-${round}`);
  try {
    const users = JSON.parse(gpos(['user', 'list', '--json'], server.env));
    const org = users.find((u) => u.email === ANALYST).organisationId;
    const started = performance.now();
    const out = execFileSync(process.execPath, [gposBin, 'import', file, '--org', org, '--json'], { env: { ...process.env, ...server.env }, encoding: 'utf8', maxBuffer: 1 << 26 });
    const seconds = (performance.now() - started) / 1000;
    const summary = JSON.parse(out);
    if (summary.accepted !== LINES) throw new Error(`gpos import accepted ${summary.accepted} of ${LINES}`);
    return seconds;
  } finally {
    await stopProcess(server.child);
  }
}

async function webUpload(file, name, webDist) {
  const server = await freshServer(name, webDist);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ baseURL: server.base, viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    await page.goto('/sign-in');
    await page.locator('input[name="email"]').fill(ANALYST);
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor().catch(async (error) => {
      await page.screenshot({ path: join(tmpdir(), 'gpos-bulk-bench-sign-in.png') });
      throw error;
    });
    await page.goto('/reports/bulk');
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByTestId('bulk-upload').waitFor({ timeout: 120_000 });
    let requests = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/reports/bulk') requests += 1;
    });
    const started = performance.now();
    await page.getByTestId('bulk-upload').click();
    // Running, it says "… lines processed (… file)…"; at the end "Done: …", "Cancelled …" or "… lines processed."
    await page.waitForFunction(() => /^Done|^Cancelled|processed\.$/.test(document.querySelector('[data-testid="bulk-processed"]')?.textContent ?? ''), null, { timeout: 900_000, polling: 100 });
    const seconds = (performance.now() - started) / 1000;
    const said = await page.getByTestId('bulk-processed').textContent();
    const accepted = Number((await page.getByTestId('bulk-accepted').textContent()).replace(/\D/g, ''));
    if (accepted !== LINES) throw new Error(`the page accepted ${accepted} of ${LINES}: ${said}`);
    return { seconds, requests };
  } finally {
    await browser.close();
    await stopProcess(server.child);
  }
}

try {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  const baseline = BASELINE_REF ? buildBaselineWeb(BASELINE_REF) : null;
  const file = writeFile();
  const times = { web: [], baseline: [], cli: [] };
  let parts = 0;
  for (let round = 1; round <= ROUNDS; round += 1) {
    const said = [];
    const measureBaseline = async () => {
      const b = await webUpload(file, `baseline-${round}`, baseline.dist);
      times.baseline.push(b.seconds);
      said.push(`web at ${baseline.sha} ${b.seconds.toFixed(1)} s (${b.requests} requests)`);
    };
    // Which page goes first alternates: the machine's load drifts within a round too.
    if (baseline && round % 2 === 1) await measureBaseline();
    const w = await webUpload(file, `web-${round}`);
    times.web.push(w.seconds);
    parts = w.requests;
    said.push(`web ${w.seconds.toFixed(1)} s (${w.requests} requests)`);
    if (baseline && round % 2 === 0) await measureBaseline();
    times.cli.push(await cliImport(file, round));
    said.push(`gpos import ${times.cli.at(-1).toFixed(1)} s`);
    console.log(`round ${round}: ${said.join(', ')}`);
  }
  const [w, c] = [median(times.web), median(times.cli)];
  console.log(`bulk upload of ${LINES.toLocaleString('en-GB')} NDJSON lines: web page ${w.toFixed(1)} s in ${parts} parts, gpos import ${c.toFixed(1)} s; web / CLI = ${(w / c).toFixed(2)}`);
  if (baseline) {
    const b = median(times.baseline);
    console.log(`web page at ${baseline.sha} ${b.toFixed(1)} s; its web / CLI = ${(b / c).toFixed(2)}; web / web at ${baseline.sha} = ${(w / b).toFixed(2)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
