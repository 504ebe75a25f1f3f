import { expect, test } from '@playwright/test';
import { createInterview, expectAccessible, interviewTime, login, waitForHydration } from './helpers';

test('announcing too soon takes a reason, and a cancellation is announced on the page', async ({ page, browser }) => {
  await login(page, 'host');
  const title = `预告期测试访谈${Date.now()}`;
  // One day ahead: inside the usual 3 days' notice.
  const { id } = await createInterview(page, [], { title, scheduled_at: interviewTime(1) });
  await page.goto(`/host/interviews/${id}`);
  await waitForHydration(page);
  await page.getByRole('button', { name: '进入下一阶段：访谈预告' }).click();
  await page.getByRole('button', { name: '确认' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '至少提前 3 天' })).toBeVisible();
  await expect(page.locator('#override_reason-error')).toContainText('请填写理由');
  await expect(page.getByTestId('host-stage')).toHaveText('草稿');
  await expectAccessible(page);
  await page.getByLabel('超出常规时的理由').first().fill('区政府临时安排的专题访谈');
  await page.getByRole('button', { name: '确认' }).click();
  await expect(page.getByTestId('host-stage')).toHaveText('访谈预告');
  await expect(page.getByText('超出常规预告期或时长的理由：区政府临时安排的专题访谈')).toBeVisible();

  // Cancelled with its notice: the console and the public page both say so.
  const why = '因嘉宾临时公务安排，本期访谈取消，另行择期举行，敬请谅解。';
  await page.getByLabel('取消公告').fill(why);
  await page.getByRole('button', { name: '取消访谈' }).click();
  await expect(page.getByTestId('host-notice')).toContainText(why);
  await expect(page.getByRole('button', { name: /进入下一阶段/ })).toHaveCount(0);
  await expectAccessible(page);

  const ctx = await browser.newContext();
  const viewer = await ctx.newPage();
  await viewer.goto(`/interviews/${id}`);
  await waitForHydration(viewer);
  await expect(viewer.getByRole('heading', { name: '访谈取消公告' })).toBeVisible();
  await expect(viewer.getByTestId('interview-notice')).toContainText(why);
  await expect(viewer.getByTestId('stage')).toHaveText('已取消');
  await expectAccessible(viewer);
  await ctx.close();
});
