import { defineConfig } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// One server for the whole run, on a fresh SQLite database with demo data, serving the
// release site from target/site. Debian's Chromium only: no browser download.
//
// Playwright evaluates this file in the runner and again in every worker. The port and the
// data directory are chosen once, by the first evaluation, and handed on in the environment
// (which the workers inherit), so that every process talks to the same server.

/** A port nobody listens on now: the kernel's pick for port 0, asked of a child Node. */
function freePort(): number {
  const probe =
    "const s=require('net').createServer();" +
    "s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});";
  const port = Number(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).trim());
  if (!Number.isInteger(port) || port <= 0) throw new Error(`no free port found (got ${port})`);
  return port;
}

// GONGKAI_E2E_PORT and GONGKAI_E2E_DATA_DIR may also be set by hand: a given data directory
// (which must not hold a database yet) is kept after the run; a chosen one is removed.
if (!process.env.GONGKAI_E2E_PORT) process.env.GONGKAI_E2E_PORT = String(freePort());
if (!process.env.GONGKAI_E2E_DATA_DIR) {
  const made = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-e2e-'));
  process.env.GONGKAI_E2E_DATA_DIR = made;
  // Only the process that made it (the runner) removes it, after the server has stopped.
  process.on('exit', () => fs.rmSync(made, { recursive: true, force: true }));
}
const port = Number(process.env.GONGKAI_E2E_PORT);
const dataDir = process.env.GONGKAI_E2E_DATA_DIR;
fs.mkdirSync(dataDir, { recursive: true });
const bin = process.env.GONGKAI_BIN ?? path.resolve(__dirname, '../target/debug/gongkai');
const databaseUrl = `sqlite:${dataDir}/e2e.db?mode=rwc`;

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `${bin} demo-data && ${bin} serve --addr 127.0.0.1:${port}`,
    cwd: path.resolve(__dirname, '..'),
    url: `http://127.0.0.1:${port}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      // Every test comes from the same address: the hourly limits per address would make the
      // outcome of one test depend on how many accounts or questions the others made before.
      GONGKAI_REGISTRATIONS_PER_HOUR: '100000',
      GONGKAI_ANONYMOUS_QUESTIONS_PER_HOUR: '100000',
      GONGKAI_ACCOUNT_QUESTIONS_PER_HOUR: '100000',
      DATABASE_URL: databaseUrl,
      GONGKAI_ATTACHMENTS_DIR: path.join(dataDir, 'attachments'),
      LEPTOS_SITE_ROOT: 'target/site',
      RUST_LOG: 'warn',
    },
  },
});
