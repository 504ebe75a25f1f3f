import { test } from '@playwright/test';
import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import { publicPages } from './pages';

// Lighthouse's performance score of each public page, as its default mobile run sees it
// (simulated slow 4G, the processor 4× slower), in Debian's Chromium with an empty cache.
// Lighthouse starts its own browser for each page; the scores are printed, not asserted:
// they are figures for the README's table, like the rest of `make bench`.

const run = promisify(execFile);
const LIGHTHOUSE = path.resolve(__dirname, '../node_modules/.bin/lighthouse');

type Audit = { numericValue?: number };
type Report = {
  lighthouseVersion: string;
  runtimeError?: { message: string };
  categories: { performance: { score: number | null } };
  audits: Record<string, Audit>;
};

async function lighthouse(url: string): Promise<Report> {
  const { stdout } = await run(
    LIGHTHOUSE,
    [
      url,
      '--only-categories=performance',
      '--output=json',
      '--output-path=stdout',
      '--quiet',
      '--chrome-flags=--headless --no-sandbox --disable-gpu',
    ],
    { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as Report;
}

test('Lighthouse performance of every public page', async ({ baseURL, request }) => {
  const rows: string[] = [];
  let version = '';
  const seconds = (r: Report, audit: string) => ((r.audits[audit]?.numericValue ?? NaN) / 1000).toFixed(1).padStart(5);
  for (const page of await publicPages(request)) {
    const report = await lighthouse(`${baseURL}${page}`);
    version = report.lighthouseVersion;
    if (report.runtimeError) {
      rows.push(`${page.padEnd(34)} failed: ${report.runtimeError.message}`);
      continue;
    }
    const score = report.categories.performance.score;
    rows.push(
      `${page.padEnd(34)} score ${score === null ? '  -' : String(Math.round(score * 100)).padStart(3)}   ` +
        `FCP ${seconds(report, 'first-contentful-paint')} s   LCP ${seconds(report, 'largest-contentful-paint')} s   ` +
        `SI ${seconds(report, 'speed-index')} s   ` +
        `TBT ${String(Math.round(report.audits['total-blocking-time']?.numericValue ?? NaN)).padStart(5)} ms   ` +
        `CLS ${(report.audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3)}   ` +
        `TTI ${seconds(report, 'interactive')} s`,
    );
  }
  console.log(`== Lighthouse ${version}, performance, mobile (simulated slow 4G, CPU 4x), first visit ==`);
  console.log(rows.join('\n'));
});
