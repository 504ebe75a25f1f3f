import { expect, test } from '@playwright/test';
import { publicPages } from './pages';

// Time to interactive of each public page on a throttled 4G profile, as Lighthouse's mobile
// run throttles: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, the processor 4× slower.
// Each page is opened in a fresh context (an empty cache), like a first visit; "interactive"
// is the moment the page is hydrated (`.site[data-hydrated]`). Also printed: when the
// server-rendered content was painted (largest contentful paint), and what the page fetched
// from `/pkg` (the bundle), as files and as bytes on the wire.

test('time to interactive on throttled 4G', async ({ browser, baseURL, request }) => {
  const rows: string[] = [];
  const pages = await publicPages(request);
  for (const path of pages) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    let files = 0;
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
      bytes += e.encodedDataLength;
    });
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/pkg/')) files += 1;
    });
    const started = Date.now();
    await page.goto(path, { waitUntil: 'commit' });
    await expect(page.locator('.site')).toHaveAttribute('data-hydrated', 'true', { timeout: 120_000 });
    const interactive = Date.now() - started;
    const lcp = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list) => {
            const entries = list.getEntries();
            resolve(entries[entries.length - 1].startTime);
          }).observe({ type: 'largest-contentful-paint', buffered: true });
        }),
    );
    rows.push(
      `${path.padEnd(34)} interactive ${(interactive / 1000).toFixed(2).padStart(6)} s   ` +
        `largest paint ${(lcp / 1000).toFixed(2).padStart(5)} s   ` +
        `${String(files).padStart(3)} bundle files   ${(bytes / 1024).toFixed(1).padStart(7)} KB on the wire`,
    );
    await context.close();
  }
  console.log('== time to interactive, throttled 4G (150 ms, 1.6 Mbit/s, CPU 4x), first visit ==');
  console.log(rows.join('\n'));
});
