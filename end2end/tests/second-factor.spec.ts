import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, logout, uniqueName, waitForHydration } from './helpers';

/** RFC 4648 base32 without padding, as the settings page shows the secret. */
function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/\s/g, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** What an authenticator app shows at `unixSecs` (RFC 6238, SHA-1, 6 digits, 30 s). */
function totp(secret: Buffer, unixSecs: number): string {
  const step = Buffer.alloc(8);
  step.writeBigUInt64BE(BigInt(Math.floor(unixSecs / 30)));
  const h = createHmac('sha1', secret).update(step).digest();
  const o = h[h.length - 1] & 0x0f;
  const bin = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(bin % 1_000_000).padStart(6, '0');
}

test('两步验证: enrolled on 个人设置 by keyboard, then signing in needs the code', async ({ page }) => {
  const name = uniqueName('tf');
  await page.goto('/register');
  await waitForHydration(page);
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '注册' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();

  await page.goto('/settings');
  await waitForHydration(page);
  await page.getByRole('button', { name: '生成密钥' }).focus();
  await page.keyboard.press('Enter');
  const secret = base32((await page.getByTestId('totp-secret').innerText()).trim());
  expect(secret.length).toBe(20);
  await expectAccessible(page);
  await page.getByLabel('验证器上显示的验证码').fill(totp(secret, Date.now() / 1000));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: '已启用' })).toBeVisible();
  await expect(page.getByRole('button', { name: '停用两步验证' })).toBeVisible();

  await page.goto('/');
  await waitForHydration(page);
  await logout(page);
  await page.goto('/login');
  await waitForHydration(page);
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: '动态验证码' })).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveCount(0);
  // The next step's code: the one used to enrol is spent.
  await page.getByLabel('动态验证码').fill(totp(secret, Date.now() / 1000 + 30));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
});
