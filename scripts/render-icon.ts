// Renders resources/icon.svg (the studio's icon, also src/renderer/icon.svg) to
// resources/icon.png, 1024×1024 with a transparent background: electron-builder makes the
// macOS .icns, the Windows .ico and the Linux icon sizes from that one PNG. Rendered by the
// Chromium the tests use (ImageMagick's own SVG renderer drops the gradient).
//
//   npx tsx scripts/render-icon.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../tests/helpers/chromium';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = 1024;

async function main(): Promise<void> {
  const svg = readFileSync(join(ROOT, 'resources', 'icon.svg'), 'utf8');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<html><body style="margin:0;background:transparent">` +
        `<img src="${src}" width="${SIZE}" height="${SIZE}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img: { decode(): Promise<void> }) => img.decode());
    const png = await page.screenshot({ omitBackground: true, type: 'png' });
    writeFileSync(join(ROOT, 'resources', 'icon.png'), png);
    console.log(`resources/icon.png: ${SIZE}×${SIZE}, ${png.length} bytes`);
  } finally {
    await browser.close();
  }
}

await main();
