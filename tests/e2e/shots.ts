/** Screenshots of pages at desktop and 360 px: `npx tsx tests/e2e/shots.ts <distDir> <outDir> path1 path2 …` */
import { launch } from './browser.ts';
import { serveStatic } from './server.ts';
import { mkdirSync } from 'node:fs';

const [dist, out, ...paths] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const srv = await serveStatic(dist);
const { browser, close } = await launch();
for (const p of paths) {
  for (const [w, tag] of [[1280, 'desktop'], [360, 'phone']] as const) {
    const page = await browser.newPage({ viewport: { width: w, height: 900 }, colorScheme: process.env.SHOT_DARK ? 'dark' : 'light' });
    const errs: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errs.push(m.text()); });
    page.on('pageerror', (e) => errs.push(String(e)));
    await page.goto(srv.url + p.replace(/^\//, ''), { waitUntil: 'load' });
    const ready = p.includes('/sql') ? '#sql-out[data-run]' : /\/(embed\/)?chart/.test(p) ? '#builder[data-ready]' : p.includes('compare') ? '#compare[data-ready]' : p.includes('/report/') ? '#report[data-ready], #report[data-error]' : p.includes('/agency/') ? '#agency[data-ready], #agency[data-error]' : p === '/reports/' || p.startsWith('/reports/?') ? '#list[data-ready]' : null;
    if (ready) await page.waitForSelector(ready, { timeout: 180_000, state: 'attached' }).catch((e) => errs.push(String(e).slice(0, 120)));
    await page.waitForTimeout(Number(process.env.SHOT_WAIT ?? 500));
    const name = `${out}/${(p.replace(/[^a-z0-9]+/gi, '_') || 'home')}_${tag}.png`;
    const h = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({ path: name, fullPage: true, clip: h > 2600 ? { x: 0, y: 0, width: w, height: 2600 } : undefined });
    console.log(name, errs.length ? `ERRORS: ${errs.join(' | ')}` : 'ok');
    await page.close();
  }
}
await close(); await srv.close();
