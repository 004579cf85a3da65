import { launch } from './tests/e2e/browser.ts';
import { serveStatic } from './tests/e2e/server.ts';
const srv = await serveStatic('dist');
const { browser, close } = await launch();
for (const [w, scheme] of [[1280, 'light'], [360, 'dark']] as const) {
  const page = await browser.newPage({ viewport: { width: w, height: 800 }, colorScheme: scheme });
  await page.goto(`${srv.url}report/?id=51939ef0df314496`);
  await page.waitForSelector('#report[data-ready]');
  await page.locator('td[data-path="t2.licensing"] button').click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/news2-rep-${w}-${scheme}.png` });
  await page.goto(`${srv.url}compare/?ids=27dc3f5c20be58d1,3db6914fecffe446,0ed52e9aa0a04ef7`);
  await page.waitForSelector('#compare[data-ready]');
  await page.locator('h2', { hasText: '表三（总计列）并排' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `/tmp/news2-cmp-${w}-${scheme}.png` });
  await page.close();
}
await close(); await srv.close();
