import { expect, Page, test } from '@playwright/test';
import { expectAccessible, expectNumberedOn, fact, login, waitForHydration } from './helpers';

async function fillQuestion(page: Page, title: string, body: string) {
  await page.getByLabel('留言类型').selectOption({ label: '求助' });
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('留言内容').fill(body);
  await page.getByLabel('同意在网站上公开我的留言和答复（不含联系方式）').check();
  await page.getByLabel('我已阅读并同意以上个人信息处理告知').check();
}

test('a resident submits and tracks; a moderator answers; the public reads the answer', async ({ browser }) => {
  const residentCtx = await browser.newContext();
  const resident = await residentCtx.newPage();
  await resident.goto('/questions/new');
  await waitForHydration(resident);

  const title = `小区路灯损坏求助${Date.now() % 100000}`;
  await fillQuestion(resident, title, '东城街道滨江小区 3 栋门前路灯损坏两周，夜间行走不便，请尽快维修。');
  // Anonymous without contact: errors field by field, nothing typed is lost.
  await resident.getByRole('button', { name: '提交留言' }).click();
  await expect(resident.locator('#contact_name-error')).toBeVisible();
  await expect(resident.getByLabel('标题')).toHaveValue(title);
  await expect(resident.getByLabel('留言内容')).toHaveValue(/路灯损坏两周/);

  await resident.getByLabel('姓名').fill('王女士');
  await resident.getByLabel('手机号码').fill('13800138000');
  await resident.getByRole('button', { name: '提交留言' }).click();
  const no = (await resident.getByTestId('tracking-no').innerText()).trim();
  const code = (await resident.getByTestId('query-code').innerText()).trim();
  expect(no).toMatch(/^Q\d{8}-\d{5}$/);
  // 13 characters without look-alikes (64 bits), in groups.
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{5}$/);

  await resident.goto('/questions/track');
  await waitForHydration(resident);
  await resident.getByLabel('留言编号').fill(no);
  await resident.getByLabel('查询码').fill(code);
  await resident.getByRole('button', { name: '查询' }).click();
  await expect(resident.getByText(title)).toBeVisible();
  await expect(resident.locator('main')).toContainText('待审核');
  expectNumberedOn(no, await fact(resident, '收到日期').innerText());

  const modCtx = await browser.newContext();
  const moderator = await modCtx.newPage();
  await login(moderator, 'moderator');
  await moderator.getByRole('link', { name: '审核工作台' }).click();
  await waitForHydration(moderator);
  await moderator.goto(`/moderation/questions/${no}`);
  await waitForHydration(moderator);
  await moderator.getByLabel('承办部门').selectOption({ label: '区城乡建委' });
  await moderator.getByRole('button', { name: '受理', exact: true }).click();
  await expect(moderator.locator('main')).toContainText('办理中');
  await moderator.getByLabel('答复内容').fill('经核实，已安排维修人员于本周内更换路灯。感谢您的反映。');
  await moderator.getByRole('button', { name: '提交答复' }).click();
  await expect(moderator.locator('main')).toContainText('已答复');
  await moderator.getByRole('button', { name: '公开', exact: true }).click();
  await expect(moderator.getByRole('button', { name: '撤回公开' })).toBeVisible();

  const publicCtx = await browser.newContext();
  const visitor = await publicCtx.newPage();
  await visitor.goto(`/questions/${no}`);
  await expect(visitor.locator('main')).toContainText('已安排维修人员');
  await expect(visitor.locator('main')).toContainText('区城乡建委');
  await expect(visitor.locator('main')).not.toContainText('13800138000');
  await visitor.goto('/questions');
  await waitForHydration(visitor);
  await visitor.getByLabel('关键词').fill('路灯');
  await visitor.getByRole('button', { name: '检索' }).click();
  await expect(visitor.getByRole('link', { name: new RegExp(title) })).toBeVisible();
  await residentCtx.close();
  await modCtx.close();
  await publicCtx.close();
});

test('a question can be submitted by keyboard alone', async ({ page }) => {
  await login(page, 'resident');
  await page.goto('/questions/new');
  await waitForHydration(page);
  await page.getByLabel('留言类型').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('标题')).toBeFocused();
  await page.keyboard.type('建议增加公交班次');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('留言内容')).toBeFocused();
  await page.keyboard.type('早高峰 101 路公交车非常拥挤，建议增加班次。');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('同意在网站上公开我的留言和答复（不含联系方式）')).toBeFocused();
  await page.keyboard.press('Space');
  // Past the three contact fields (optional when signed in) and the notice's link to the
  // personal-data page, the consent box.
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '个人信息保护' }).first()).toBeFocused();
  await page.keyboard.press('Tab');
  const consent = page.getByLabel('我已阅读并同意以上个人信息处理告知');
  await expect(consent).toBeFocused();
  await page.keyboard.press('Space');
  await expect(consent).toBeChecked();
  await page.getByRole('button', { name: '提交留言' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tracking-no')).toHaveText(/^Q\d{8}-\d{5}$/);
  const no = (await page.getByTestId('tracking-no').innerText()).trim();
  await page.goto(`/questions/${no}`);
  await expect(fact(page, '留言编号')).toHaveText(no);
  expectNumberedOn(no, await fact(page, '收到日期').innerText());
});

for (const path of ['/questions', '/questions/new', '/questions/track', '/questions/stats']) {
  test(`axe finds no WCAG 2.1 AA violation on ${path}`, async ({ page }) => {
    await page.goto(path);
    await waitForHydration(page);
    await expectAccessible(page);
  });
}

// The demo data has questions accepted long ago (red cards), dated relative to the day the
// server started; no test takes a red card away.
test('the moderation workbench is accessible and shows overdue cards', async ({ page }) => {
  await login(page, 'moderator');
  await page.goto('/moderation');
  await waitForHydration(page);
  await expect(page.locator('main')).toContainText('红牌');
  // A listed question whose own card says 红牌 (the filter's option says it too, always);
  // red cards come first in the queue.
  const rows = page.locator('main li').filter({ hasText: /编号 Q\d{8}-\d{5}/ });
  const red = rows.filter({ has: page.getByText('红牌', { exact: true }) });
  await expect(rows.first().getByText('红牌', { exact: true })).toBeVisible();
  expect(await red.count()).toBeGreaterThanOrEqual(1);
  await expectAccessible(page);
  // Filtered to red cards, every row has one.
  await page.getByLabel('督办').selectOption({ label: '红牌' });
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/overdue=red/);
  await waitForHydration(page);
  await expect(rows.first()).toBeVisible();
  await expect(rows.filter({ hasNot: page.getByText('红牌', { exact: true }) })).toHaveCount(0);
  for (const row of await rows.all()) {
    await expect(row.getByText('红牌', { exact: true })).toBeVisible();
  }
  await expectAccessible(page);
});

test('the question form shows the personal-information notice and asks consent before sending', async ({ page }) => {
  await page.goto('/questions/new');
  await waitForHydration(page);
  const notice = page.getByRole('region', { name: '个人信息处理告知' });
  await expect(notice).toContainText('仅用于办理、回复您的留言');
  await expect(notice).toContainText('查看范围：');
  await expect(notice).toContainText('保存期限：');
  const title = `隐私告知测试${Date.now() % 100000}`;
  await page.getByLabel('留言类型').selectOption({ label: '求助' });
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('留言内容').fill('请问社区卫生服务中心周末是否开放门诊？');
  await page.getByLabel('姓名').fill('李先生');
  await page.getByLabel('手机号码').fill('13800138001');
  // Not ticked: refused beside the box, nothing typed lost, nothing sent.
  await page.getByRole('button', { name: '提交留言' }).click();
  await expect(page.locator('#consent-error')).toHaveText('请阅读个人信息处理告知，勾选同意后提交');
  await expect(page.getByLabel('我已阅读并同意以上个人信息处理告知')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('标题')).toHaveValue(title);
  await expect(page.getByTestId('tracking-no')).toHaveCount(0);
  await expectAccessible(page);
  await page.getByLabel('我已阅读并同意以上个人信息处理告知').check();
  await page.getByRole('button', { name: '提交留言' }).click();
  await expect(page.getByTestId('tracking-no')).toHaveText(/^Q\d{8}-\d{5}$/);
});
