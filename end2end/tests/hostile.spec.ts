import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, collectErrors, expectAccessible, login, logout, uniqueName, waitForHydration } from './helpers';

// An open redirect after login would send a resident, signed in, to a look-alike site.
for (const next of ['/\\evil.example', '//evil.example', '/\t/evil.example', 'https://evil.example']) {
  test(`after login, next=${JSON.stringify(next)} lands on the home page`, async ({ page, baseURL }) => {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await waitForHydration(page);
    await page.getByLabel('用户名').fill('resident');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page.getByTestId('current-user')).toBeVisible();
    await expect(page).toHaveURL(`${baseURL}/`);
    await logout(page);
  });
}

test('after login, a path on the site is kept', async ({ page, baseURL }) => {
  await page.goto('/login?next=%2Fquestions%2Fmine');
  await waitForHydration(page);
  await page.getByLabel('用户名').fill('resident');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(`${baseURL}/questions/mine`);
});

test('a resident changes the password on 个人设置, and an admin disables and enables the account', async ({ page, browser }) => {
  const name = uniqueName('mima');
  await page.goto('/register');
  await waitForHydration(page);
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill('first-secret-2026');
  await page.getByRole('button', { name: '注册' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  await page.getByRole('link', { name: '个人设置' }).click();
  await waitForHydration(page);
  await page.getByLabel('原密码').fill('first-secret-2026');
  await page.getByLabel('新密码').fill('password123');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.locator('#new_password-error')).toContainText('常见');
  await page.getByLabel('新密码').fill('second-secret-2026');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByRole('status').filter({ hasText: '密码已修改' })).toBeVisible();
  await expectAccessible(page);
  await page.goto('/');
  await waitForHydration(page);
  await logout(page);

  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await login(admin, 'admin');
  await admin.goto(`/admin?q=${name}`);
  await waitForHydration(admin);
  await admin.getByRole('button', { name: `停用 ${name}` }).click();
  await expect(admin.getByRole('button', { name: `启用 ${name}` })).toBeVisible();
  await expectAccessible(admin);

  // Disabled: the right password is refused like a wrong one.
  await page.goto('/login');
  await waitForHydration(page);
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill('second-secret-2026');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: '用户名或密码错误' })).toBeVisible();

  await admin.getByRole('button', { name: `启用 ${name}` }).click();
  await expect(admin.getByRole('button', { name: `停用 ${name}` })).toBeVisible();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  await adminCtx.close();
});

test('the audit trail shows sign-ins and refusals, filters by keyboard, and is accessible', async ({ page }) => {
  const errors = collectErrors(page);
  await login(page, 'admin');
  await page.goto('/admin/audit');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('系统管理：审计日志');
  await expect(page.getByRole('table')).toContainText('auth.login');
  await expectAccessible(page);
  await page.getByLabel('操作').focus();
  await page.getByLabel('操作').selectOption('auth.');
  await page.getByLabel('账号').fill('admin');
  await page.getByLabel('账号').press('Enter');
  await expect(page).toHaveURL(/action=auth\./);
  await expect(page.getByRole('table')).toContainText('auth.login');
  await expect(page.getByRole('table')).not.toContainText('access.refused');
  await expect(page.getByRole('link', { name: /导出为 CSV/ })).toHaveAttribute('href', /\/api\/v1\/admin\/audit\/csv\?.*actor=admin/);
  expect(errors).toEqual([]);
});
