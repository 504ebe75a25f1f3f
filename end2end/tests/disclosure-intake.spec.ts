import { expect, test } from '@playwright/test';
import { expectAccessible, expectNumberedOn, fact, login, uniqueName, waitForHydration } from './helpers';

/** A unified social credit code with a valid GB 32100 check character. */
function creditCode(first17 = '91500119MA5U00001'): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((s, c, i) => s + chars.indexOf(c) * weights[i], 0);
  return first17 + chars[(31 - (sum % 31)) % 31];
}

/** `days` calendar days before `iso` (a date). */
function before(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

test('staff record a posted application, with its signing day as the day of receipt', async ({ page }) => {
  await login(page, 'editor');
  await page.goto('/editor/disclosure');
  await waitForHydration(page);
  await page.getByRole('link', { name: /登记当面、邮寄、传真或电子邮件提交的申请/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登记政府信息公开申请');
  await waitForHydration(page);
  await expect(page.getByText(/以签收之日为收到申请之日/)).toBeVisible();
  await expectAccessible(page);

  // Beijing's date; the dates below keep two days clear of it, so a run across midnight
  // (or a server in another zone) reads them the same way.
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

  await page.getByLabel('提交方式').selectOption('post');
  // A day after tomorrow cannot be the signing day, whatever the time zones.
  await page.getByLabel('收到日期').fill(before(today, -2));
  await page.getByLabel('申请人类型').selectOption('commercial');
  const name = `${uniqueName('邮寄申请')}有限公司`;
  await page.getByLabel('姓名或名称').fill(name);
  await page.getByLabel('证件类型').selectOption('credit_code');
  await page.getByLabel('证件号码').fill(creditCode());
  await page.getByLabel('法定代表人或负责人').fill('赵经理');
  await page.getByLabel('联系人').fill('钱文书');
  await page.getByLabel('所需政府信息的描述').fill('南川区2026年工业园区土地出让公告。');
  await page.getByLabel('获取信息的方式').selectOption('paper');
  await page.getByLabel('送达方式').selectOption('post');
  await page.getByRole('button', { name: '登记申请' }).click();
  // Field by field, and nothing typed is lost.
  await expect(page.locator('#received_on-error')).toHaveText('收到日期不能晚于今天');
  await expect(page.locator('#address-error')).toHaveText('选择邮寄的，请填写通信地址');
  await expect(page.getByLabel('姓名或名称')).toHaveValue(name);
  await expectAccessible(page);

  const signed = before(today, 3);
  await page.getByLabel('收到日期').fill(signed);
  await page.getByLabel('通信地址').fill('重庆市南川区东城街道金佛大道 1 号');
  await page.getByRole('button', { name: '登记申请' }).click();
  const receipt = page.getByRole('status').filter({ hasText: '申请已登记' });
  await expect(receipt).toBeVisible();
  const trackingNo = (await page.getByTestId('tracking-no').textContent())!.trim();
  await expect(fact(page, '收到日期')).toHaveText(signed);
  expectNumberedOn(trackingNo, signed);
  const due = (await page.getByTestId('due-date').textContent())!.trim();
  expect(due > signed, `${due} comes after ${signed}`).toBeTruthy();
  await expect(page.getByTestId('query-code')).not.toBeEmpty();

  // The desk has it, with how it came and who stands for the company.
  await page.getByRole('link', { name: '办理这件申请' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办理依申请公开');
  const row = (label: string) => page.getByRole('row', { name: new RegExp(`^${label}`) });
  await expect(row('提交方式')).toContainText('邮寄');
  await expect(row('收到日期')).toContainText(signed);
  await expect(row('答复期限')).toContainText(due);
  await expect(row('法定代表人或负责人')).toContainText('赵经理');
  await expect(row('联系人')).toContainText('钱文书');
  await expect(row('证件')).toContainText('统一社会信用代码');
  await expect(row('证件')).not.toContainText(creditCode());
  await expect(row('获取方式')).toContainText('纸质，邮寄');
  await waitForHydration(page);
  await expectAccessible(page);
});
