// Renders the app icon (assets/icons/icon.svg) as the PNGs the web app manifest lists
// (assets/icons/icon-192.png, icon-512.png), with Debian's headless Chromium through playwright-core: no image
// tool beyond what scripts/setup.sh installs. The PNGs are committed; run this again after editing the SVG:
//   node scripts/make-icons.mjs

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const icons = fileURLToPath(new URL('../assets/icons/', import.meta.url));
const svg = await readFile(join(icons, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.GIGAWATT_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    const path = join(icons, `icon-${size}.png`);
    await page.screenshot({ path, omitBackground: true });
    console.log(`wrote ${path}`);
    await page.close();
  }
} finally {
  await browser.close();
}
