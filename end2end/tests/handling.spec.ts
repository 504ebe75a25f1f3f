import { expect, test } from '@playwright/test';
import {
  collectErrors,
  expectAccessible,
  expectNumberedOn,
  fact,
  login,
  registerResident,
  waitForHydration,
} from './helpers';

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
  await resident.getByLabel('我已阅读并同意以上个人信息处理告知').check();
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
  await expect(handler.getByRole('heading', { level: 1 })).toHaveText('承办工作台');
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
  expectNumberedOn(no, await fact(resident, '收到日期').innerText());

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

// The demo data has red cards (questions accepted long ago, dated relative to the day the
// server started). A red card cannot be made on the spot, so this test presses a demo
// question: it adds a 督办 note and marks it supervised, which leaves it red and changes
// nothing another test looks at.
test('a supervisor sees a red card and presses it (督办) by keyboard', async ({ page }) => {
  const errors = collectErrors(page);
  await login(page, 'supervisor');
  await page.getByRole('link', { name: '督办', exact: true }).click();
  await waitForHydration(page);
  await expect(page.getByRole('table', { name: '各部门办理情况' })).toBeVisible();
  await expect(page.locator('main')).toContainText('红牌');
  // Always on the page: the explanation and the column header say 红牌. Only a red-carded
  // question makes a row of the late list whose card cell says 红牌, and a count above 0.
  const late = page.getByRole('table', { name: '亮牌留言（红牌在前，期限早的在前）' });
  const lateRows = late.getByRole('row').filter({ has: page.getByRole('link', { name: /^督办 Q\d{8}-\d{5}$/ }) });
  const redRows = lateRows.filter({ has: page.getByRole('cell', { name: /^红牌/ }) });
  await expect(lateRows.first().getByRole('cell', { name: /^红牌/ })).toBeVisible();
  expect(await redRows.count()).toBeGreaterThanOrEqual(1);
  const perDepartment = page.getByRole('table', { name: '各部门办理情况' }).getByRole('row').filter({ has: page.getByRole('rowheader') });
  // Columns: 部门 (row header), 在办, 黄牌, 红牌, 已督办.
  const redCounts = await perDepartment.evaluateAll((rows) =>
    rows.map((r) => Number((r as HTMLTableRowElement).cells[3].textContent)),
  );
  expect(redCounts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
  await expectAccessible(page);
  const first = page.getByRole('link', { name: /^督办 Q\d{8}-\d{5}$/ }).first();
  const label = (await first.innerText()).trim();
  // Red cards come first: the first 督办 link is on a red-carded row.
  await expect(redRows.first().getByRole('link', { name: label, exact: true })).toBeVisible();
  const no = label.replace(/^督办 /, '');
  await first.click();
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: '发出督办' })).toBeVisible();
  await expect(fact(page, '留言编号')).toHaveText(no);
  await expect(fact(page, '状态')).toContainText('红牌');
  await expectAccessible(page);
  await page.getByRole('textbox', { name: '督办意见' }).focus();
  await page.keyboard.type('请于明日下班前答复，并说明超期原因。');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: '督办', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('督办意见已发出');
  await expect(page.locator('main')).toContainText('请于明日下班前答复');
  expect(label).toMatch(/^督办 Q/);
  // Back on the list, the question is still red and now marked supervised.
  await page.goto('/supervision');
  await waitForHydration(page);
  const pressed = late.getByRole('row').filter({ has: page.getByRole('link', { name: label, exact: true }) });
  await expect(pressed.getByRole('cell', { name: /^红牌\s*（已督办）$/ })).toBeVisible();
  expect(errors).toEqual([]);
});

// Its own account: the demo resident's settings stay as the demo made them.
test('个人设置: a resident sets an e-mail address and turns notices off', async ({ page }) => {
  const errors = collectErrors(page);
  await registerResident(page, '设置测试居民');
  await page.getByRole('link', { name: '个人设置' }).click();
  await waitForHydration(page);
  await expectAccessible(page);
  // A new account: no address yet, notices on.
  await expect(page.getByLabel('电子邮箱')).toHaveValue('');
  await expect(page.getByLabel('留言受理、答复、不予受理和延期时，用电子邮件通知我')).toBeChecked();
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
