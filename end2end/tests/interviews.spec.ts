import { expect, test } from '@playwright/test';
import { createInterview, expectAccessible, login, waitForHydration } from './helpers';

/** Creates an interview through the API as the signed-in host page and walks it to `stage`. */
async function interviewAt(page: import('@playwright/test').Page, stages: string[]) {
  return (await createInterview(page, stages)).id;
}

test('the host posts and the viewer sees it without reloading; rehearsal never shows', async ({ browser }) => {
  const hostCtx = await browser.newContext();
  const host = await hostCtx.newPage();
  await login(host, 'host');
  const id = await interviewAt(host, ['preview', 'collecting', 'preparing', 'rehearsal']);

  const viewerCtx = await browser.newContext();
  const viewer = await viewerCtx.newPage();
  await viewer.goto(`/interviews/${id}`);
  await waitForHydration(viewer);
  await expect(viewer.getByTestId('stage')).toHaveText('准备资料');

  // Rehearsal: the console works, the viewer sees nothing of it.
  await host.goto(`/host/interviews/${id}`);
  await waitForHydration(host);
  await expect(host.getByTestId('host-stage')).toHaveText('彩排');
  await host.getByLabel('消息内容', { exact: true }).fill('彩排消息：话筒测试');
  await host.getByRole('button', { name: '发布', exact: true }).click();
  await expect(host.getByTestId('host-feed')).toContainText('彩排消息：话筒测试');

  // Go live, with the confirmation step.
  await host.getByRole('button', { name: '进入下一阶段：正在直播' }).click();
  await host.getByRole('button', { name: '确认' }).click();
  await expect(host.getByTestId('host-stage')).toHaveText('正在直播');
  await expect(viewer.getByTestId('stage')).toHaveText('正在直播');

  await host.getByLabel('消息内容', { exact: true }).fill('各位网友，大家好！访谈正式开始。');
  await host.getByRole('button', { name: '发布', exact: true }).click();
  await expect(viewer.getByTestId('transcript')).toContainText('访谈正式开始');
  await expect(viewer.getByTestId('transcript')).not.toContainText('彩排消息');

  // A viewer's question goes through the queue into the transcript.
  await viewer.getByLabel('您的问题').fill('今年区里有哪些便民服务新举措？');
  await viewer.getByLabel('昵称（可不填）').fill('热心网友');
  await viewer.getByRole('button', { name: '提交问题' }).click();
  await expect(viewer.getByText('问题已提交，待主持人审核。')).toBeVisible();
  await expect(viewer.locator('.mine')).toContainText('待审核');

  await host.reload();
  await waitForHydration(host);
  const item = host.locator('.queue li').filter({ hasText: '便民服务新举措' });
  await item.getByRole('button', { name: /^采纳问题/ }).click();
  const answered = host.locator('.queue li').filter({ hasText: '便民服务新举措' });
  await answered.getByLabel(/^回答问题/).fill('我们将推行“一窗综办”，让群众少跑腿。');
  await answered.getByRole('button', { name: '发布回答' }).click();

  await expect(viewer.getByTestId('transcript')).toContainText('便民服务新举措');
  await expect(viewer.getByTestId('transcript')).toContainText('一窗综办');
  await expect(viewer.getByTestId('transcript')).not.toContainText('彩排消息');
  await hostCtx.close();
  await viewerCtx.close();
});

test('a viewer watches on a connection of its own, without the session cookie', async ({ page }) => {
  // Signed in, so that the page holds a session cookie. A stream sent with it (as an
  // EventSource is) shares the page's kept-alive connections, where the server's HTTP stack
  // keeps about 26 KB of buffers per viewer; without it, the browser opens a connection for
  // the stream, which the server's event-stream listener serves (see stream_client.rs).
  await login(page, 'resident');
  const stream = page.waitForResponse((r) => /\/api\/v1\/interviews\/\d+\/events/.test(r.url()));
  await page.goto('/interviews/1');
  await waitForHydration(page);
  const res = await stream;
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/event-stream');
  expect((await res.request().allHeaders())['cookie']).toBeUndefined();
  // The listener's answer closes its connection when the stream ends; hyper's keeps it.
  expect(res.headers()['connection']).toBe('close');
});

test('published 2012 transcripts read without JavaScript', async ({ browser }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto('/interviews');
  await page.getByRole('link', { name: '同打旅游牌共创旅游城' }).click();
  await expect(page.getByRole('heading', { name: '访谈实录' })).toBeVisible();
  await expect(page.getByTestId('transcript')).toContainText('金佛山');
  await ctx.close();
});

test('interview pages are accessible', async ({ page }) => {
  await page.goto('/interviews');
  await waitForHydration(page);
  await expectAccessible(page);
  await page.getByRole('link', { name: '义务教育学校招生入学政策解读' }).click();
  await waitForHydration(page);
  await expect(page.getByLabel('您的问题')).toBeVisible();
  await expectAccessible(page);
  await login(page, 'host');
  await page.goto('/host');
  await waitForHydration(page);
  await expectAccessible(page);
  await page.getByRole('link', { name: '冬季大气污染防治与环境信访办理' }).click();
  await waitForHydration(page);
  await expect(page.getByTestId('host-stage')).toHaveText('彩排');
  await expectAccessible(page);
});
