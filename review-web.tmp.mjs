import { chromium } from 'playwright-core';
import http from 'node:http';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const S = { browser, base: 'http://127.0.0.1:8090', log: [] };
S.newCtx = async (width = 1280, height = 900) => {
  if (S.ctx) await S.ctx.close();
  S.ctx = await browser.newContext({ viewport: { width, height } });
  const page = await S.ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') S.log.push(`${m.type()}: ${m.text().slice(0, 300)} @${page.url()}`); });
  page.on('pageerror', (e) => S.log.push(`pageerror: ${e.message} @${page.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) S.log.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`); });
  S.page = page;
  return page;
};
S.login = async (user, lang, width = 1280) => {
  const page = await S.newCtx(width);
  await page.goto(`${S.base}/sign-in`);
  await page.waitForTimeout(800);
  if (lang === 'th') await page.getByText('ไทย').first().click().catch(e => S.log.push('no th toggle'));
  await page.getByLabel(/Email|อีเมล/i).fill(user);
  await page.getByTestId('sign-in-password').fill('walk-pass-123456');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1500);
  return page.url();
};
S.shot = async (name, full = false) => { await S.page.screenshot({ path: `/tmp/review-web/${name}.png`, fullPage: full }); return `/tmp/review-web/${name}.png`; };
S.go = async (p) => { await S.page.goto(S.base + p); await S.page.waitForLoadState('networkidle').catch(() => {}); await S.page.waitForTimeout(600); return S.page.url(); };
S.text = async () => (await S.page.locator('main').innerText().catch(() => S.page.locator('body').innerText())).slice(0, 4000);
S.overflow = () => S.page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible').map((e) => `${e.tagName}.${String(e.className).slice(0, 60)} ${e.scrollWidth}>${e.clientWidth}`).slice(0, 10));
S.unlabelled = () => S.page.evaluate(() => [...document.querySelectorAll('button,a,input,select,textarea,[role=button]')].filter(e => { const n = (e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.innerText || e.getAttribute('title') || '').trim(); const lab = e.id && document.querySelector(`label[for="${e.id}"]`); return !n && !lab && e.offsetParent !== null && e.type !== 'hidden'; }).map(e => e.outerHTML.slice(0, 200)));
S.focus = () => S.page.evaluate(() => { const a = document.activeElement; return a ? `${a.tagName} ${a.getAttribute('aria-label') || ''} ${(a.innerText || '').slice(0, 60)}` : null; });
http.createServer(async (req, res) => {
  let body = ''; for await (const c of req) body += c;
  try {
    const fn = new Function('S', 'page', `return (async () => { ${body} })();`);
    const out = await fn(S, S.page);
    const logs = S.log.splice(0);
    res.end(JSON.stringify({ out, logs }, null, 1));
  } catch (e) { res.end(JSON.stringify({ error: String(e.stack || e).slice(0, 1500), logs: S.log.splice(0) }, null, 1)); }
}).listen(9555, '127.0.0.1', () => console.log('ready'));
