import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, logout, waitForHydration } from './helpers';

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
