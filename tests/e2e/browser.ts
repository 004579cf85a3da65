/** Debian's chromium through playwright-core, launched the way docs/SITE.md describes (fresh profile each time). */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-quic'];

export async function launch(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  // playwright's launch() always starts from a fresh temporary profile (it refuses --user-data-dir here)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return { browser, close: () => browser.close() };
}
