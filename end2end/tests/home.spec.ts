import { expect, test } from '@playwright/test';
import { collectErrors, createInterview, expectAccessible, interviewTime, login, waitForHydration } from './helpers';

test('the home page leads: latest answers, notices, this month, newest documents', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('南川区政务公开平台');

  // 最新答复: newest answer first, each linking to its published question.
  const answers = page.getByRole('region', { name: '最新答复' });
  const times = await answers.locator('li time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
  expect(times.length).toBeGreaterThan(0);
  expect([...times].sort().reverse()).toEqual(times);

  // This month's figures are the statistics' own row for the month.
  const stats = await (await page.request.get('/api/v1/questions/stats')).json();
  const heading = await page.getByRole('region', { name: /月网络问政$/ }).getByRole('heading').innerText();
  const [, y, m] = heading.match(/^(\d{4})年(\d{1,2})月/) ?? [];
  const label = `${y}-${m.padStart(2, '0')}`;
  const row = (stats.months as { label: string; received: number; answered_on_time: number }[]).find((r) => r.label === label);
  await expect(page.getByTestId('month-received')).toHaveText(String(row?.received ?? 0));
  await expect(page.getByTestId('month-on-time')).toContainText(String(row?.answered_on_time ?? 0));

  // 通知公告 are the 公告公示 column's documents.
  const notices = page.getByRole('region', { name: '通知公告' });
  const first = notices.getByRole('listitem').first().getByRole('link');
  const title = await first.innerText();
  await expectAccessible(page);
  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.locator('th:text-is("栏目") + td')).toHaveText('公告公示');

  await page.goBack();
  await waitForHydration(page);
  // Each column box lists its own column's newest documents and links to the whole column.
  const columns = page.getByRole('region', { name: '最新公开信息' });
  await expect(columns.getByRole('heading', { level: 3 })).toHaveCount(4);
  const column = columns.getByRole('heading', { level: 3 }).first();
  const name = await column.innerText();
  await column.getByRole('link').click();
  await expect(page).toHaveURL(/\/catalog\?column=/);
  await expect(page.getByRole('combobox', { name: '栏目' })).toHaveValue(/.+/);
  expect(name.length).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test('the interview banner follows the stream: it changes in place when the interview ends', async ({ browser }) => {
  const hostCtx = await browser.newContext();
  const host = await hostCtx.newPage();
  await login(host, 'host');
  // Scheduled later than any other: among interviews on air at once, the banner shows this one.
  const title = `首页横幅测试访谈${Date.now()}`;
  const { move } = await createInterview(host, [], {
    title,
    summary: '检验首页横幅随直播状态即时更新。',
    scheduled_at: interviewTime(28),
  });
  for (const stage of ['preview', 'collecting', 'preparing', 'rehearsal', 'live']) await move(stage);

  const viewerCtx = await browser.newContext();
  const viewer = await viewerCtx.newPage();
  const errors = collectErrors(viewer);
  await viewer.goto('/');
  await waitForHydration(viewer);
  const banner = viewer.getByRole('region', { name: '正在直播' });
  await expect(banner.getByRole('link', { name: title })).toBeVisible();
  await expect(viewer.getByTestId('home-stage')).toHaveText('正在直播');

  // The host ends it: the open page hears it from the event stream, with no reload.
  await viewer.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  await move('review');
  await expect(viewer.getByTestId('home-stage')).toHaveText('审核实录');
  expect(await viewer.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  await move('published');
  expect(errors).toEqual([]);
  await hostCtx.close();
  await viewerCtx.close();
});

test('the footer leads to the site map, which leads to every column with its update date', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await waitForHydration(page);
  const footer = page.getByRole('contentinfo');
  await expect(footer).toContainText('主办：');
  await expect(footer.getByRole('link', { name: '我为政府网站找错' })).toHaveAttribute('href', /^https:\/\//);
  await footer.getByRole('link', { name: '网站地图' }).click();
  await expect(page).toHaveURL(/\/sitemap$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('网站地图');
  await expectAccessible(page);
  const catalog = page.getByRole('region', { name: '政府信息公开' });
  await catalog.getByRole('link', { name: '公告公示' }).click();
  await expect(page).toHaveURL(/\/catalog\?column=gggs$/);
  await expect(page.locator('.column-updated time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}$/);
  expect(errors).toEqual([]);
});

test('长者模式 and 高对比度 are remembered across visits, rendered by the server, and accessible', async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = collectErrors(page);
  await page.goto('/');
  await waitForHydration(page);
  const elder = page.getByRole('button', { name: '长者模式' });
  const contrast = page.getByRole('button', { name: '高对比度' });
  await expect(elder).toHaveAttribute('aria-pressed', 'false');
  // By keyboard alone.
  await elder.focus();
  await page.keyboard.press('Enter');
  await contrast.focus();
  await page.keyboard.press('Space');
  await expect(page.locator('.site')).toHaveClass(/elder/);
  await expect(page.locator('.site')).toHaveClass(/high-contrast/);
  // 长者模式 navigates by task, in plain words, instead of by module.
  const nav = page.getByRole('navigation', { name: '主导航' });
  for (const task of ['我要提问', '查办理进度', '看在线访谈', '找政府文件', '申请信息公开']) {
    await expect(nav.getByRole('link', { name: task })).toBeVisible();
  }
  await expect(nav.getByRole('link', { name: '网络问政' })).toHaveCount(0);
  await expectAccessible(page);

  // A later visit, without JavaScript: the server already renders both modes.
  const cookies = await ctx.cookies();
  expect(cookies.find((c) => c.name === 'gongkai_prefs')?.value).toBe('elder,contrast');
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  await noJs.addCookies(cookies);
  const raw = await noJs.newPage();
  await raw.goto('/questions');
  await expect(raw.locator('.site')).toHaveClass(/elder/);
  await expect(raw.locator('.site')).toHaveClass(/high-contrast/);
  await expect(raw.getByRole('button', { name: '高对比度' })).toHaveAttribute('aria-pressed', 'true');
  await expect(raw.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '查办理进度' })).toBeVisible();
  await noJs.close();

  // Every page at 360 px in both modes: no sideways scrolling.
  await page.setViewportSize({ width: 360, height: 800 });
  for (const path of ['/', '/questions', '/interviews', '/catalog', '/sitemap']) {
    await page.goto(path);
    await waitForHydration(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} overflows at 360 px`).toBeLessThanOrEqual(0);
  }
  await expectAccessible(page);

  // Turned off again: forgotten.
  await page.getByRole('button', { name: '长者模式' }).click();
  await page.getByRole('button', { name: '高对比度' }).click();
  await expect(page.locator('.site')).not.toHaveClass(/high-contrast/);
  await expect(nav.getByRole('link', { name: '网络问政' })).toBeVisible();
  expect((await ctx.cookies()).find((c) => c.name === 'gongkai_prefs')).toBeUndefined();
  expect(errors).toEqual([]);
  await ctx.close();
});

test('读屏 reads the main text aloud in Chinese with the browser speech synthesis', async ({ page }) => {
  // Record what the page asks the browser to say (the browser still says it).
  await page.addInitScript(() => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
    window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
      said.push(`${u.lang}|${u.text}`);
      speak(u);
    };
  });
  const errors = collectErrors(page);
  await page.goto('/questions');
  await waitForHydration(page);
  const button = page.getByRole('button', { name: '读屏' });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => (window as unknown as { said: string[] }).said.length)).toBe(1);
  const said = await page.evaluate(() => (window as unknown as { said: string[] }).said[0]);
  const heading = await page.getByRole('heading', { level: 1 }).innerText();
  expect(said.startsWith('zh-CN|')).toBe(true);
  expect(said).toContain(heading);
  // The header and footer are not read: only the page's main text.
  expect(said).not.toContain('南川区政务公开平台');
  expect(said).not.toContain('我为政府网站找错');
  // Whether speaking or finished, it ends not pressed once stopped.
  if ((await button.getAttribute('aria-pressed')) === 'true') await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  expect(errors).toEqual([]);
});

test('after hydration, links navigate in place: no full page load', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await waitForHydration(page);
  // A value set on the window survives only if the page is never loaded again.
  await page.evaluate(() => ((window as unknown as { stayed: string }).stayed = 'yes'));
  const stayed = () => page.evaluate(() => (window as unknown as { stayed?: string }).stayed);
  let loads = 0;
  page.on('load', () => loads++);

  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '网络问政' }).click();
  await expect(page).toHaveURL(/\/questions$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const first = page.locator('main a[href^="/questions/Q"]').first();
  const href = await first.getAttribute('href');
  await first.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await page.getByRole('contentinfo').getByRole('link', { name: '网站地图' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('网站地图');
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  expect(await stayed()).toBe('yes');
  expect(loads).toBe(0);
  expect(errors).toEqual([]);
});
