import { expect, test } from '@playwright/test';
import { apiHeaders, collectErrors, expectAccessible, login, registerResident, waitForHydration } from './helpers';
import { readFile } from 'node:fs/promises';

// 个人信息保护: a resident downloads a copy of their data and asks for the account's deletion;
// the admins' desk sets the retention periods and decides the request within 15 working
// days; anyone with a query code sees the personal data of their question.

test('a resident downloads their data and asks for deletion; the desk decides', async ({ browser }) => {
  const residentCtx = await browser.newContext();
  const page = await residentCtx.newPage();
  const errors = collectErrors(page);
  const username = await registerResident(page, '隐私居民');
  const title = `个人信息测试${Date.now().toString(36)}`;
  const res = await page.request.post('/api/v1/questions', {
    headers: await apiHeaders(page),
    data: { kind: 'help', title, body: '检查个人信息副本中的留言。', is_public: false, consent: true,
            contact: { name: '隐私居民', phone: '13800002468' } },
  });
  expect(res.status()).toBe(201);
  const { tracking_no: no } = await res.json();

  await page.goto('/personal-data');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: '保存期限' })).toBeVisible();
  await expect(page.getByText(/留言办结（答复或不予受理）且此后 \d+ 个月内没有新的办理记录后删除/)).toBeVisible();
  await expectAccessible(page);

  // The copy, as a file.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '下载我的个人信息（JSON 文件）' }).click(),
  ]);
  const copy = JSON.parse(await readFile((await download.path())!, 'utf8'));
  expect(copy.account.username).toBe(username);
  expect(copy.questions.map((q: { tracking_no: string }) => q.tracking_no)).toContain(no);
  expect(copy.questions[0].contact_phone).toBe('13800002468');

  // The request, by keyboard: the reason, then Enter on the button.
  const reason = page.getByLabel('理由（选填）').first();
  await reason.focus();
  await page.keyboard.type('不再使用本网站');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: '提交删除申请' }).first()).toBeFocused();
  await page.keyboard.press('Enter');
  const mine = page.getByRole('table', { name: '我的删除申请' });
  await expect(mine).toContainText('待办理');
  await expect(page.getByText('您的删除申请正在办理中。')).toBeVisible();
  await expectAccessible(page);

  // The desk: the periods (a bad value refused beside its field), then the request.
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  const adminErrors = collectErrors(admin);
  await login(admin, 'admin');
  await admin.goto('/admin/personal-data');
  await waitForHydration(admin);
  const months = admin.getByLabel('留言人的个人信息（办结后月数）');
  await months.fill('5');
  await admin.getByRole('button', { name: '保存', exact: true }).click();
  await expect(admin.locator('#questions_months-error')).toHaveText('保存期限须为 6 至 120 之间的整数（月）');
  await expect(months).toHaveValue('5');
  await months.fill('36');
  await admin.getByRole('button', { name: '保存', exact: true }).click();
  await expect(admin.getByText('保存期限已保存。')).toBeVisible();

  const row = admin.getByRole('row').filter({ hasText: `账号 ${username}` });
  await expect(row).toContainText('不再使用本网站');
  await expectAccessible(admin);
  // The question is still being handled: the deletion is refused with the reason.
  await row.getByRole('radio', { name: '删除', exact: true }).check();
  await row.getByRole('button', { name: '办理' }).click();
  await expect(admin.getByRole('alert').filter({ hasText: '尚在办理中' })).toBeVisible();
  await row.getByRole('radio', { name: '不予删除' }).check();
  await row.getByLabel('说明（不予删除时必填）').fill(`留言 ${no} 尚在办理中，办结后可再次申请。`);
  await row.getByRole('button', { name: '办理' }).click();
  await expect(admin.getByText(/号申请已办理：不予删除。/)).toBeVisible();
  await expect(admin.getByRole('row').filter({ hasText: `账号 ${username}` })).toContainText('不予删除');

  // The resident sees the decision and its reason.
  await page.reload();
  await waitForHydration(page);
  await expect(mine).toContainText('不予删除');
  await expect(mine).toContainText('办结后可再次申请');
  expect(errors).toEqual([]);
  // The browser logs the refused requests (the months, 422; the deletion, 409) itself;
  // nothing else may be logged.
  expect(adminErrors.filter((e) => !/status of (409|422)/.test(e))).toEqual([]);
  await residentCtx.close();
  await adminCtx.close();
});

test('with the query code, anyone sees the personal data their question holds', async ({ page }) => {
  const errors = collectErrors(page);
  const res = await page.request.post('/api/v1/questions', {
    data: { kind: 'help', title: '查看个人信息副本', body: '凭查询码查看留言中的个人信息。', is_public: false, consent: true,
            contact: { name: '查询居民', phone: '13800001357', email: 'chaxun@example.cn' } },
  });
  expect(res.status()).toBe(201);
  const { tracking_no: no, query_code: code } = await res.json();
  await page.goto('/personal-data');
  await waitForHydration(page);
  await expect(page.getByRole('link', { name: '登录' }).last()).toBeVisible();
  const copyForm = page.locator('form').filter({ has: page.locator('#copy-tracking-no') });
  await copyForm.getByLabel('留言编号或申请编号').fill(no);
  await copyForm.getByLabel('查询码').fill('WRONG-CODE');
  await copyForm.getByRole('button', { name: '查看' }).click();
  await expect(page.locator('#copy-query-code-error')).toHaveText('编号或查询码不正确');
  await copyForm.getByLabel('查询码').fill(code);
  await copyForm.getByRole('button', { name: '查看' }).click();
  await expect(page.getByRole('heading', { name: /个人信息副本/ })).toBeVisible();
  await expect(page.locator('dd').filter({ hasText: '13800001357' })).toBeVisible();
  await expect(page.locator('dd').filter({ hasText: 'chaxun@example.cn' })).toBeVisible();
  await expectAccessible(page);
  // The browser logs the refused request (422) itself; nothing else may be logged.
  expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
});
