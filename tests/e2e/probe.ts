/** Dev helper: open a page, wait for a selector, print its text and any console errors. `npx tsx tests/e2e/probe.ts <dist> <path> <selector>` */
import { launch } from './browser.ts';
import { serveStatic } from './server.ts';
const [dist, path, sel, shot] = process.argv.slice(2);
const srv = await serveStatic(dist);
const { browser, close } = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console.' + m.type(), m.text()); });
page.on('pageerror', (e) => console.log('pageerror', String(e)));
page.on('requestfailed', (r) => console.log('requestfailed', r.url(), r.failure()?.errorText));
const t0 = Date.now();
await page.goto(srv.url + path.replace(/^\//, ''));
try { await page.waitForSelector(sel, { timeout: 30000 }); console.log('found after', Date.now() - t0, 'ms'); } catch (e) { console.log('timeout', String(e).slice(0, 200)); }
console.log((await page.locator(sel).first().innerText().catch(() => '')).slice(0, 1500));
if (shot) await page.screenshot({ path: shot, fullPage: true });
await close(); await srv.close();
