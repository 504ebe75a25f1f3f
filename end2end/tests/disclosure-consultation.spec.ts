import { expect, test } from '@playwright/test';
import { expectAccessible, login, uniqueName, waitForHydration } from './helpers';

/** A resident ID number with a valid GB 11643 check character. */
function residentId(first17 = '50011919900101456'): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

test('a third party objects, the office discloses with its reason and prints the notice to the third party', async ({ page, request }) => {
  const res = await request.post('/api/v1/disclosure-requests', {
    data: {
      applicant: { type: 'natural_person', name: '征求测试', id_number: residentId(), phone: '13800005679' },
      description: `${uniqueName('zq')}：某工程质量检测报告。`,
      form: 'electronic',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { tracking_no: no } = await res.json();

  await login(page, 'editor');
  await page.goto(`/editor/disclosure/${no}`);
  await waitForHydration(page);
  await page.getByLabel('第三方名称').fill('重庆某建设工程有限公司');
  await page.getByRole('button', { name: '开始征求意见' }).click();
  const answer = page.getByLabel('第三方的意见');
  await expect(answer).toBeVisible();
  await answer.selectOption('objected');
  await page.getByLabel('第三方的理由').fill('涉及本公司商业秘密。');
  await page.getByRole('button', { name: '登记第三方意见，恢复计时' }).click();
  await expect(page.getByRole('row', { name: /^征求第三方意见/ })).toContainText('第三方不同意公开：涉及本公司商业秘密。');

  // Disclosing over the objection asks for the reason, on its field.
  await page.getByLabel('答复类型（条例第三十六条）').selectOption('disclosed');
  await page.getByLabel('答复内容').fill('现将工程质量检测报告予以公开。');
  await page.getByRole('button', { name: '答复', exact: true }).click();
  await expect(page.locator('#disclose_reason-error')).toContainText('第三十二条');
  // Refused, the form keeps what was chosen and typed.
  await expect(page.getByLabel('答复类型（条例第三十六条）')).toHaveValue('disclosed');
  await expect(page.getByLabel('答复内容')).toHaveValue('现将工程质量检测报告予以公开。');
  await expectAccessible(page);
  const reason = '该工程涉及公共安全，不公开可能对公共利益造成重大影响。';
  await page.getByLabel('决定公开的理由').fill(reason);
  await page.getByRole('button', { name: '答复', exact: true }).click();
  await expect(page.getByRole('row', { name: /^答复/ }).last()).toContainText('予以公开');
  await page.getByRole('link', { name: '打印第三方告知书' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('第三方告知书');
  await expect(page.getByTestId('disclose-reason')).toHaveText(reason);
  await expect(page.locator('main')).toContainText('重庆某建设工程有限公司：');
  await waitForHydration(page);
  await expectAccessible(page);
});
