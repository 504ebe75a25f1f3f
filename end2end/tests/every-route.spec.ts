import { expect, Page, test } from '@playwright/test';
import { createInterview, interviewTime, login, waitForHydration } from './helpers';

// Every route of the portal, with the demo data, as the role that uses it: no console error,
// no page error, no failed or refused request behind the page. An interview is walked
// through every stage, and both its public page and its host console are opened at each.

// Each test opens dozens of pages, each fetching its lazy route's chunks on a first visit:
// the public walk alone takes most of a minute on this machine.
test.describe.configure({ timeout: 240_000 });

/** Opens `path` and records what went wrong while it loaded and hydrated. */
async function visit(page: Page, path: string, problems: string[], documentStatus = 200) {
  const here: string[] = [];
  const onConsole = (m: import('@playwright/test').ConsoleMessage) => {
    if (m.type() !== 'error') return;
    // The browser logs the expected 404 of the page itself.
    const own404 = documentStatus === 404 && m.text().startsWith('Failed to load resource') && new URL(m.location().url).pathname === path;
    if (!own404) here.push(`console: ${m.text()}`);
  };
  const onPageError = (e: Error) => here.push(`page error: ${e.message}`);
  // Requests this visit's document made. One the page before had begun (its lazy route's
  // chunks, its data, even one it starts after this visit began, once its chunk arrives) is
  // cut by this navigation; that is no failure of this page. The new document's requests are
  // the ones made once the main frame has committed to it.
  const ours = new Set<import('@playwright/test').Request>();
  let committed = false;
  const onNavigated = (f: import('@playwright/test').Frame) => {
    // The page before may still move itself (a client-side navigation): only the document
    // at `path` counts.
    if (f === page.mainFrame() && new URL(f.url()).pathname === path.split('?')[0]) committed = true;
  };
  const onRequest = (r: import('@playwright/test').Request) => {
    if (committed || r.isNavigationRequest()) ours.add(r);
  };
  const onFailed = (r: import('@playwright/test').Request) => {
    const aborted = r.failure()?.errorText === 'net::ERR_ABORTED';
    if (aborted && !ours.has(r)) return;
    // An event stream is cut when the page is left; that is no failure.
    if (r.url().includes('/events') && aborted) return;
    here.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  };
  const onResponse = (r: import('@playwright/test').Response) => {
    if (r.request().resourceType() !== 'document' && r.status() >= 400) here.push(`${r.status()}: ${r.url()}`);
  };
  // Requests in flight, but for event streams: a stream stays open for as long as the page
  // watches it (read with fetch, so the browser never calls the page idle while it does).
  const inFlight = new Set<import('@playwright/test').Request>();
  const isStream = (r: import('@playwright/test').Request) => /\/api\/v1\/interviews\/\d+\/events/.test(r.url());
  const onStart = (r: import('@playwright/test').Request) => {
    if (!isStream(r)) inFlight.add(r);
  };
  const onEnd = (r: import('@playwright/test').Request) => inFlight.delete(r);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  page.on('framenavigated', onNavigated);
  page.on('request', onRequest);
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  page.on('request', onStart);
  page.on('requestfinished', onEnd);
  page.on('requestfailed', onEnd);
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(documentStatus);
  await waitForHydration(page);
  // Let effects (event streams, lazy loads) start and settle: nothing but a stream in flight
  // for 500 ms, as `networkidle` would wait for (at most 30 s, as it would).
  const deadline = Date.now() + 30_000;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (inFlight.size > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= 500) break;
    await page.waitForTimeout(50);
  }
  await page.waitForTimeout(300);
  page.off('request', onStart);
  page.off('requestfinished', onEnd);
  page.off('requestfailed', onEnd);
  page.off('console', onConsole);
  page.off('pageerror', onPageError);
  page.off('framenavigated', onNavigated);
  page.off('request', onRequest);
  page.off('requestfailed', onFailed);
  page.off('response', onResponse);
  problems.push(...here.map((p) => `${path}: ${p}`));
}

async function firstOf(page: Page, url: string, key = 'tracking_no'): Promise<string> {
  const res = await page.request.get(url);
  expect(res.status(), url).toBe(200);
  const body = await res.json();
  const item = (body.items ?? [])[0];
  expect(item, `${url} lists something`).toBeTruthy();
  return String(item[key]);
}

/** Every public route, with ids from the demo data. */
async function publicPaths(page: Page): Promise<string[]> {
  const question = await firstOf(page, '/api/v1/questions?per_page=1');
  const document = await firstOf(page, '/api/v1/documents?per_page=1', 'id');
  const interviews = (await (await page.request.get('/api/v1/interviews?per_page=100')).json()).items as { id: number }[];
  expect(interviews.length).toBeGreaterThan(0);
  return [
    '/', '/search', '/search?q=%E5%8C%BB%E4%BF%9D', '/search?q=%E5%85%A5%E5%AD%A6&group=interviews', '/sitemap',
    '/login', '/register',
    '/questions', '/questions?q=%E5%85%AC%E4%BA%A4', '/questions/new', '/questions/track', '/questions/stats',
    `/questions/${question}`,
    '/interviews', ...interviews.map((i) => `/interviews/${i.id}`),
    '/catalog', '/catalog?column=gggs', '/catalog?q=%E5%8C%BB%E4%BF%9D', `/catalog/documents/${document}`,
    '/disclosure-requests/new', '/disclosure-requests/track', '/reports/annual/2026', '/guide',
    '/personal-data',
  ];
}

test('every public route loads and hydrates cleanly', async ({ page }) => {
  const problems: string[] = [];
  for (const path of await publicPaths(page)) await visit(page, path, problems);
  await visit(page, '/no/such/page', problems, 404);
  await visit(page, '/questions/Q20000101-99999', problems, 404);
  expect(problems).toEqual([]);
});

test('every public page fits a 360 px screen without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  const wide: string[] = [];
  for (const path of await publicPaths(page)) {
    await page.goto(path);
    await waitForHydration(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) wide.push(`${path}: ${overflow} px too wide`);
  }
  expect(wide).toEqual([]);
});

test('every staff page loads and hydrates cleanly as its role', async ({ browser }) => {
  const problems: string[] = [];
  const as = async (user: string, paths: (page: Page) => Promise<string[]>) => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await login(page, user);
    for (const path of await paths(page)) await visit(page, path, problems);
    await ctx.close();
  };
  await as('moderator', async (p) => [
    '/moderation',
    `/moderation/questions/${await firstOf(p, '/api/v1/moderation/questions?per_page=1')}`,
  ]);
  await as('jiaotong', async (p) => [
    '/handling',
    `/handling/${await firstOf(p, '/api/v1/handling/questions?per_page=1')}`,
  ]);
  await as('supervisor', async (p) => [
    '/supervision',
    `/supervision/${await firstOf(p, '/api/v1/supervision')}`,
  ]);
  await as('editor', async (p) => [
    '/editor',
    `/editor/documents/${await firstOf(p, '/api/v1/documents?per_page=1', 'id')}`,
    '/editor/disclosure',
    '/editor/disclosure/intake',
    `/editor/disclosure/${await firstOf(p, '/api/v1/disclosure-requests?per_page=1')}`,
  ]);
  await as('resident', async () => ['/questions/mine', '/settings', '/personal-data']);
  await as('admin', async () => [
    '/admin', '/admin/departments', '/admin/calendar', '/admin/time-limits', '/admin/audit', '/admin/catalog',
    '/admin/guide', '/admin/personal-data',
  ]);
  expect(problems).toEqual([]);
});

test('an interview in every stage: its public page and its host console', async ({ browser }) => {
  const problems: string[] = [];
  const hostCtx = await browser.newContext();
  const host = await hostCtx.newPage();
  await login(host, 'host');
  const { id, move } = await createInterview(host, [], {
    title: `全路由测试访谈${Date.now()}`,
    summary: '逐个阶段打开公众页面和主持人控制台。',
    scheduled_at: interviewTime(11),
  });
  const viewerCtx = await browser.newContext();
  const viewer = await viewerCtx.newPage();
  await visit(host, '/host', problems);
  // A draft is the host's alone.
  await visit(host, `/host/interviews/${id}`, problems);
  await visit(viewer, `/interviews/${id}`, problems, 404);
  for (const stage of ['preview', 'collecting', 'preparing', 'rehearsal', 'live', 'review', 'published']) {
    await move(stage);
    await visit(host, `/host/interviews/${id}`, problems);
    await visit(viewer, `/interviews/${id}`, problems);
  }
  expect(problems).toEqual([]);
  await hostCtx.close();
  await viewerCtx.close();
});
