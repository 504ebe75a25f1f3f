import base from './playwright.config';
import { defineConfig } from '@playwright/test';

// `make bench BENCH=tti`: the same server and browser as the tests, running the measures in
// ./perf instead (they print figures; they are not part of `make test`).
export default defineConfig({ ...base, testDir: './perf', timeout: 600_000 });
