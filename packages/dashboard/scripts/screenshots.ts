/**
 * Screenshots of the dashboard's tabs for the docs: `tsx scripts/screenshots.ts <url> <out-dir>`,
 * with headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launchChromium } from './launch-chromium.js';

const [url, out] = process.argv.slice(2);
if (!url || !out) throw new Error('usage: tsx scripts/screenshots.ts <dashboard url> <output folder>');
await mkdir(out, { recursive: true });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const tab of ['usage', 'cost', 'calls', 'tools']) {
    await page.goto(new URL(`?tab=${tab}&range=7d`, url).href);
    await page.waitForSelector('#view[data-ready]');
    await page.screenshot({ path: join(out, `dashboard-${tab}.png`) });
  }
} finally {
  await browser.close();
}
