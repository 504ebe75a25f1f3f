import { expect, test } from '@playwright/test';
import { expectAccessible, login, logout, uniqueName, waitForHydration } from './helpers';

test('home page is server-rendered, then hydrates', async ({ page, browser }) => {
  // Without JavaScript the content is already there: it was rendered on the server.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const raw = await noJs.newPage();
  await raw.goto('/');
  await expect(raw.getByRole('heading', { level: 1, name: '南川区政务公开平台' })).toBeVisible();
  await expect(raw.getByRole('link', { name: '网络问政' }).first()).toBeVisible();
  await noJs.close();

  // With the wasm loaded, a control that only works client-side responds.
  await page.goto('/');
  await waitForHydration(page);
  // The 大字模式 grew into 长者模式: a toggle button keeps its name, `aria-pressed` says it is on.
  const toggle = page.getByRole('button', { name: '长者模式' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.site')).toHaveClass(/large-text/);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
});

test('register, log in, see the menu, log out', async ({ page }) => {
  const username = uniqueName('resident');
  await page.goto('/register');
  await waitForHydration(page);

  // Bad input: errors field by field, and what was typed stays.
  await page.getByLabel('用户名').fill('ab');
  await page.getByLabel('显示名称').fill('测试居民');
  await page.getByLabel('密码').fill('short');
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page.locator('#username-error')).toHaveText('用户名长度应为 3–32 个字符');
  await expect(page.locator('#password-error')).toHaveText('密码至少 8 个字符');
  await expect(page.getByLabel('显示名称')).toHaveValue('测试居民');
  await expect(page.getByLabel('用户名')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('a-good-password-1');
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByTestId('current-user')).toHaveText('测试居民');
  await logout(page);

  await login(page, username, 'a-good-password-1');
  await expect(page.getByTestId('current-user')).toHaveText('测试居民');
  await expect(page.getByRole('link', { name: '系统管理' })).toHaveCount(0);
  await logout(page);
  await expect(page.getByTestId('current-user')).toHaveCount(0);
});

test('wrong password shows one generic message', async ({ page }) => {
  await page.goto('/login');
  await waitForHydration(page);
  await page.getByLabel('用户名').fill('resident');
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: '用户名或密码错误' })).toBeVisible();
  await expect(page.getByLabel('用户名')).toHaveValue('resident');
});

test('an admin grants the moderator role and the menu changes', async ({ browser }) => {
  const username = uniqueName('mod');
  const userCtx = await browser.newContext();
  const user = await userCtx.newPage();
  await user.goto('/register');
  await waitForHydration(user);
  await user.getByLabel('用户名').fill(username);
  await user.getByLabel('密码').fill('a-good-password-1');
  await user.getByRole('button', { name: '注册', exact: true }).click();
  await expect(user.getByTestId('current-user')).toBeVisible();
  await expect(user.getByRole('link', { name: '审核工作台' })).toHaveCount(0);

  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await login(admin, 'admin');
  await admin.getByRole('link', { name: '系统管理' }).click();
  await admin.getByLabel('查找用户').fill(username);
  await admin.getByRole('button', { name: '查找' }).click();
  // 查找 is a plain GET form: a new page, which must be hydrated before its boxes act.
  await admin.waitForURL(/\/admin\?q=/);
  await waitForHydration(admin);
  const box = admin.getByLabel(`${username} 的审核员角色`);
  await expect(box).not.toBeChecked();
  // The box turns at once; the grant is saved when the server has answered.
  const saved = admin.waitForResponse((r) => r.url().includes('/api/set_user_role') && r.request().method() === 'POST');
  await box.check();
  await expect(box).toBeChecked();
  expect((await saved).ok()).toBe(true);
  await admin.reload();
  await expect(admin.getByLabel(`${username} 的审核员角色`)).toBeChecked();

  await user.reload();
  await expect(user.getByRole('link', { name: '审核工作台' })).toBeVisible();
  await userCtx.close();
  await adminCtx.close();
});

test('the whole flow works by keyboard alone', async ({ page }) => {
  await page.goto('/login');
  await waitForHydration(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: '跳到主要内容' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('用户名')).toBeFocused();
  await page.keyboard.type('editor');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('密码')).toBeFocused();
  await page.keyboard.type('gongkai-demo-2026');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('current-user')).toHaveText('信息公开编辑');
  await expect(page.getByRole('link', { name: '文档管理' })).toBeVisible();
});

test('404 page has the site frame', async ({ page }) => {
  const res = await page.goto('/no/such/page');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
});

for (const path of ['/', '/login', '/register', '/no/such/page']) {
  test(`axe finds no WCAG 2.1 AA violation on ${path}`, async ({ page }) => {
    await page.goto(path);
    await waitForHydration(page);
    await expectAccessible(page);
  });
}

test('admin pages are accessible', async ({ page }) => {
  await login(page, 'admin');
  for (const path of ['/admin', '/admin/departments', '/admin/calendar', '/admin/guide']) {
    await page.goto(path);
    await waitForHydration(page);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('系统管理');
    await expectAccessible(page);
  }
});

test('an admin grants and removes a handler department by keyboard', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));

  const username = uniqueName('handler');
  await page.goto('/register');
  await waitForHydration(page);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('显示名称').fill('承办测试');
  await page.getByLabel('密码').fill('a-good-password-1');
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  await logout(page);

  await login(page, 'admin');
  await page.goto(`/admin?q=${username}`);
  await waitForHydration(page);
  const row = page.getByRole('row', { name: new RegExp(username) });
  const choose = page.getByLabel('为 承办测试 添加承办部门');
  await expect(choose).toBeVisible();
  // Keyboard only: focus the choice, pick the first department, Tab to 添加, Enter.
  await choose.focus();
  await page.keyboard.press('ArrowDown');
  const picked = await choose.evaluate((s: HTMLSelectElement) => s.selectedOptions[0].text);
  expect(picked).not.toBe('选择部门');
  await page.keyboard.press('Tab');
  await expect(row.getByRole('button', { name: '添加' })).toBeFocused();
  await page.keyboard.press('Enter');
  const remove = row.getByRole('button', { name: `移除 承办测试 在${picked}的承办人角色` });
  await expect(remove).toBeVisible();
  await expect(row.locator('.handler-departments')).toContainText(picked);
  await expectAccessible(page);

  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(remove).toHaveCount(0);
  expect(errors, errors.join('\n')).toEqual([]);
});
