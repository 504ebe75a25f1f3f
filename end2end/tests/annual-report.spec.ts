import { expect, test } from '@playwright/test';
import { expectAccessible, login, uniqueName, waitForHydration } from './helpers';

test('a published report is frozen and filed in the catalog', async ({ page }) => {
  // The demo data publish 2025's report.
  await page.goto('/reports/annual/2025');
  await waitForHydration(page);
  await expect(page.getByTestId('published')).toContainText('发布，内容和数字不再变动');
  await expect(page.getByRole('heading', { name: '五、存在的主要问题及改进情况' })).toBeVisible();
  await expect(page.getByText('本年度未收取政府信息公开信息处理费。')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: '在政府信息公开目录中查看' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('2025年政府信息公开工作年度报告');
  await expect(page.locator('main')).toContainText('六、其他需要报告的事项');

  // Staff are offered no form on a published report.
  await login(page, 'admin');
  await page.goto('/reports/annual/2025');
  await waitForHydration(page);
  await expect(page.getByTestId('published')).toBeVisible();
  await expect(page.getByRole('button', { name: '保存正文' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /发布 2025 年度报告/ })).toHaveCount(0);
});

test('an editor writes section 五 of the open report by keyboard', async ({ page }) => {
  await login(page, 'editor');
  await page.goto('/reports/annual/2026');
  await waitForHydration(page);
  const problems = page.getByLabel('五、存在的主要问题及改进情况');
  const text = `${uniqueName('问题')}：个别栏目更新滞后，将建立月度提醒。`;
  await problems.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.getByRole('button', { name: '保存正文' }).focus();
  await page.keyboard.press('Enter');
  // The saved text is what the report now says, for everyone.
  await expect(page.locator('article.annual-report > p').filter({ hasText: text })).toBeVisible();
  await expectAccessible(page);
  const res = await page.request.get('/api/v1/reports/annual/2026');
  expect((await res.json()).sections.problems).toBe(text);
  // Editors do not publish.
  await expect(page.getByRole('button', { name: /发布 2026 年度报告/ })).toHaveCount(0);
});
