import { expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const DEMO_PASSWORD = 'gongkai-demo-2026';

/** Resolves once the wasm bundle has hydrated the server-rendered page. */
export async function waitForHydration(page: Page) {
  await expect(page.locator('.site')).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
}

export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await waitForHydration(page);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

export async function logout(page: Page) {
  await page.getByRole('button', { name: '退出' }).click();
  // The header's link: the page left behind (a form's own 登录 link) may still show while
  // the next page's lazy route loads.
  await expect(page.getByRole('banner').getByRole('link', { name: '登录' })).toBeVisible();
}

/** axe-core with the WCAG 2.0/2.1 A and AA rules: no violation allowed. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, summary.join('\n')).toEqual([]);
}

export function uniqueName(prefix: string) {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

/** Collects console errors and uncaught exceptions of `page`; check it is empty at the end. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Registers a fresh resident account (signed in afterwards, in `page`); returns its username. */
export async function registerResident(page: Page, displayName: string, password = 'a-good-password-1') {
  const username = uniqueName('jm');
  await page.goto('/register');
  await waitForHydration(page);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('显示名称').fill(displayName);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page.getByTestId('current-user')).toHaveText(displayName);
  return username;
}

/** Headers for an API change made with the session of `page`: its anti-CSRF token. */
export async function apiHeaders(page: Page) {
  const { token } = await (await page.request.get('/api/v1/auth/csrf')).json();
  expect(token).toBeTruthy();
  return { 'x-csrf-token': token as string };
}

/** The value (`<dd>`) beside the term `label` (`<dt>`) in a list of facts on the page. */
export function fact(page: Page, label: string) {
  return page.locator('dt').filter({ hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
}

/**
 * A tracking number carries the district's date of receipt (`Q20261126-00042`,
 * `YSQ2026112612345`). It is checked against the receipt date the server shows for the same
 * record, never against the test machine's clock, so a run across Beijing midnight (or on a
 * machine in another time zone) still passes.
 */
export function expectNumberedOn(trackingNo: string, receivedOn: string) {
  const day = /^(?:Q|YSQ)(\d{8})/.exec(trackingNo)?.[1];
  expect(receivedOn.trim(), `the receipt date shown for ${trackingNo}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(day, `the date in ${trackingNo}`).toBe(receivedOn.trim().replace(/-/g, ''));
}

/**
 * 09:30 district time, `days` from today: inside the usual preview window (3 days to a
 * month ahead) whatever day the tests run on.
 */
export function interviewTime(days: number): string {
  const day = new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  return `${day}T09:30:00+08:00`;
}

/**
 * Creates an interview through the API with the session of `page` (a host's) and walks it
 * through `stages`; `move` walks it further.
 */
export async function createInterview(
  page: Page,
  stages: string[],
  fields: { title?: string; summary?: string; scheduled_at?: string } = {},
) {
  // An API client sends no Origin: its changes carry the session's anti-CSRF token.
  const headers = await apiHeaders(page);
  const res = await page.request.post('/api/v1/interviews', {
    headers,
    data: {
      title: fields.title ?? `端到端测试访谈${Date.now()}`,
      summary: fields.summary ?? '用于浏览器测试的访谈，检验直播、提问和彩排隔离。',
      scheduled_at: fields.scheduled_at ?? interviewTime(10),
      duration_minutes: 60,
      guests: [{ name: '测试嘉宾', title: '区政府办公室主任' }],
    },
  });
  expect(res.status()).toBe(201);
  const id = (await res.json()).id as number;
  const move = async (stage: string) => {
    const r = await page.request.post(`/api/v1/interviews/${id}/stage`, { headers, data: { stage } });
    expect(r.status(), `moving to ${stage}`).toBe(200);
  };
  for (const stage of stages) await move(stage);
  return { id, move };
}
