import { expect, test } from '@playwright/test';
import { collectErrors, expectAccessible, login, waitForHydration } from './helpers';

test('a moderator routes, the department drafts, the moderator approves, the resident reads the answer', async ({ browser }) => {
  const residentCtx = await browser.newContext();
  const resident = await residentCtx.newPage();
  const residentErrors = collectErrors(resident);
  await login(resident, 'resident');
  await resident.goto('/questions/new');
  await waitForHydration(resident);
  const title = `学校门口增设红绿灯${Date.now() % 100000}`;
  await resident.getByLabel('留言类型').selectOption({ label: '建议' });
  await resident.getByLabel('标题').fill(title);
  await resident.getByLabel('留言内容').fill('南城小学门口早晚高峰车多，孩子过马路危险，建议增设红绿灯。');
  await resident.getByRole('button', { name: '提交留言' }).click();
  const no = (await resident.getByTestId('tracking-no').innerText()).trim();

  // The portal office routes it to the department.
  const modCtx = await browser.newContext();
  const moderator = await modCtx.newPage();
  const moderatorErrors = collectErrors(moderator);
  await login(moderator, 'moderator');
  await moderator.goto(`/moderation/questions/${no}`);
  await waitForHydration(moderator);
  await moderator.getByLabel('承办部门').selectOption({ label: '区交通局' });
  await moderator.getByRole('button', { name: '受理', exact: true }).click();
  await expect(moderator.locator('main')).toContainText('办理中');

  // The department's handler finds it in the queue and drafts the answer, by keyboard.
  const handlerCtx = await browser.newContext();
  const handler = await handlerCtx.newPage();
  const handlerErrors = collectErrors(handler);
  await login(handler, 'jiaotong');
  await handler.getByRole('link', { name: '承办工作台' }).click();
  await waitForHydration(handler);
  await expect(handler.locator('main')).toContainText('承办工作台');
  await expectAccessible(handler);
  await handler.getByRole('link', { name: title }).click();
  await waitForHydration(handler);
  await expect(handler.getByRole('heading', { name: '起草答复' })).toBeVisible();
  await expectAccessible(handler);
  await handler.getByLabel('答复内容（以本单位名义）').focus();
  await handler.keyboard.type('您好！我局已会同交警部门现场查看，将于本月内在南城小学门口增设信号灯。');
  await handler.keyboard.press('Tab');
  await expect(handler.getByRole('button', { name: '提交审核' })).toBeFocused();
  await handler.keyboard.press('Enter');
  await expect(handler.locator('main')).toContainText('答复已提交，等待网站办审核');

  // The resident does not see the draft while it is reviewed.
  await resident.goto(`/questions/${no}`);
  await waitForHydration(resident);
  await expect(resident.locator('main')).toContainText('答复待审');
  await expect(resident.locator('main')).not.toContainText('增设信号灯');

  // The office reviews and approves it.
  await moderator.reload();
  await waitForHydration(moderator);
  await expect(moderator.getByRole('heading', { name: '审核答复稿' })).toBeVisible();
  await expect(moderator.locator('main')).toContainText('增设信号灯');
  await expectAccessible(moderator);
  await moderator.getByRole('button', { name: '审核通过' }).click();
  await expect(moderator.locator('main')).toContainText('已答复');

  await resident.reload();
  await waitForHydration(resident);
  await expect(resident.locator('main')).toContainText('增设信号灯');
  await expect(resident.locator('main')).toContainText('区交通局');

  expect(residentErrors).toEqual([]);
  expect(moderatorErrors).toEqual([]);
  expect(handlerErrors).toEqual([]);
  await residentCtx.close();
  await modCtx.close();
  await handlerCtx.close();
});

test('a supervisor sees a red card and presses it (督办) by keyboard', async ({ page }) => {
  const errors = collectErrors(page);
  await login(page, 'supervisor');
  await page.getByRole('link', { name: '督办', exact: true }).click();
  await waitForHydration(page);
  await expect(page.getByRole('table', { name: '各部门办理情况' })).toBeVisible();
  await expect(page.locator('main')).toContainText('红牌');
  await expectAccessible(page);
  const first = page.getByRole('link', { name: /^督办 Q\d{8}-\d{5}$/ }).first();
  const label = (await first.innerText()).trim();
  await first.click();
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: '发出督办' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('textbox', { name: '督办意见' }).focus();
  await page.keyboard.type('请于明日下班前答复，并说明超期原因。');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: '督办', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('督办意见已发出');
  await expect(page.locator('main')).toContainText('请于明日下班前答复');
  expect(label).toMatch(/^督办 Q/);
  expect(errors).toEqual([]);
});

test('个人设置: a resident sets an e-mail address and turns notices off', async ({ page }) => {
  const errors = collectErrors(page);
  await login(page, 'resident');
  await page.getByRole('link', { name: '个人设置' }).click();
  await waitForHydration(page);
  await expectAccessible(page);
  await page.getByLabel('电子邮箱').fill('not-an-address');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('#email-error')).toContainText('有效的电子邮箱');
  // The browser logs the refused request (422) itself; nothing else may be logged.
  expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
  errors.length = 0;
  await page.getByLabel('电子邮箱').fill('resident@example.com');
  await page.getByLabel('留言受理、答复、不予受理和延期时，用电子邮件通知我').uncheck();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByLabel('电子邮箱')).toHaveValue('resident@example.com');
  await expect(page.getByLabel('留言受理、答复、不予受理和延期时，用电子邮件通知我')).not.toBeChecked();
  expect(errors).toEqual([]);
});
