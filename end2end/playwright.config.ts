import { defineConfig } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// One server for the whole run, on a fresh SQLite database with demo data, serving the
// release site from target/site. Debian's Chromium only: no browser download.
const port = Number(process.env.GONGKAI_E2E_PORT ?? 3100);
const bin = process.env.GONGKAI_BIN ?? path.resolve(__dirname, '../target/debug/gongkai');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-e2e-'));
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
      DATABASE_URL: databaseUrl,
      GONGKAI_ATTACHMENTS_DIR: path.join(dataDir, 'attachments'),
      LEPTOS_SITE_ROOT: 'target/site',
      RUST_LOG: 'warn',
    },
  },
});
