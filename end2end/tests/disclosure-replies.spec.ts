import { readFileSync } from 'fs';
import { expect, test } from '@playwright/test';
import { expectAccessible, login, uniqueName, waitForHydration } from './helpers';

/** A resident ID number with a valid GB 11643 check character. */
function residentId(first17 = '50011919900101456'): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/** Enough of a PDF for the server's content check (it starts with %PDF-). */
function pdf(text: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

async function application(request: import('@playwright/test').APIRequestContext, what: string) {
  const res = await request.post('/api/v1/disclosure-requests', {
    data: {
      applicant: { type: 'natural_person', name: '答复测试', id_number: residentId(), phone: '13800005680' },
      description: `${uniqueName(what)}：申请公开相关政府信息。`,
      form: 'electronic',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { tracking_no: string; query_code: string };
}

test('a disclosing reply carries a file that the applicant downloads with the query code', async ({ page, browser, request }) => {
  const { tracking_no: no, query_code: code } = await application(request, 'wj');
  const name = `${uniqueName('gk')}医保基金收支情况.pdf`;
  const bytes = pdf(name);

  await login(page, 'editor');
  await page.goto(`/editor/disclosure/${no}`);
  await waitForHydration(page);
  await page.getByLabel('上传文件').setInputFiles({ name, mimeType: 'application/pdf', buffer: bytes });
  await page.locator('#reply-files').getByRole('button', { name: '上传', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/editor/disclosure/${no}\\?attached=\\d+#reply-files$`));
  await expect(page.getByRole('status').filter({ hasText: '文件已上传' })).toBeVisible();
  await expect(page.getByRole('link', { name })).toBeVisible();
  await waitForHydration(page);

  // A reply that gives nothing out cannot carry it: refused on the kind, the form as typed.
  await page.getByLabel('答复类型（条例第三十六条）').selectOption('withheld');
  await page.getByLabel('具体理由（年度报告表三）').selectOption('process_info');
  await page.getByLabel('答复内容').fill('现将所申请的信息随本告知书提供。');
  await page.getByRole('button', { name: '答复', exact: true }).click();
  await expect(page.locator('#outcome-error')).toContainText('已上传 1 个');
  await expect(page.getByLabel('答复类型（条例第三十六条）')).toHaveValue('withheld');
  await expectAccessible(page);

  await page.getByLabel('答复类型（条例第三十六条）').selectOption('disclosed');
  await page.getByRole('button', { name: '答复', exact: true }).click();
  await expect(page.getByRole('row', { name: /^答复/ }).last()).toContainText('第三十六条（二）予以公开');
  // Given out: it stays as given.
  await expect(page.getByRole('button', { name: /删除/ })).toHaveCount(0);
  await expect(page.getByLabel('上传文件')).toHaveCount(0);
  await expect(page.getByRole('link', { name })).toBeVisible();
  await expectAccessible(page);

  // The applicant, in a browser of their own: number and code, then the file.
  const ctx = await browser.newContext();
  const applicant = await ctx.newPage();
  await applicant.goto('/disclosure-requests/track');
  await waitForHydration(applicant);
  await applicant.getByLabel('申请编号').fill(no);
  await applicant.getByLabel('查询码').fill(code);
  await applicant.getByRole('button', { name: '查询' }).click();
  await expect(applicant.getByRole('heading', { name: '随答复提供的政府信息' })).toBeVisible();
  const downloading = applicant.waitForEvent('download');
  await applicant.getByRole('button', { name: `下载 ${name}` }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(name);
  const path = await download.path();
  expect(readFileSync(path)).toEqual(bytes);
  expect(applicant.url()).not.toContain(code);
  await applicant.getByRole('button', { name: '查看答复告知书' }).click();
  await expect(applicant.getByTestId('notice-letter')).toContainText(name);
  await expectAccessible(applicant);
  await ctx.close();
});

test('held by another agency: the reply names it and how to reach it', async ({ page, request }) => {
  const { tracking_no: no } = await application(request, 'qt');
  await login(page, 'editor');
  await page.goto(`/editor/disclosure/${no}`);
  await waitForHydration(page);
  await page.getByLabel('答复类型（条例第三十六条）').selectOption('other_agency');
  await page.getByLabel('答复内容').fill('经核查，该信息由区市场监管局制作并保存。');
  await page.getByRole('button', { name: '答复', exact: true }).click();
  await expect(page.locator('#other_agency-error')).toContainText('机关名称');
  await expect(page.locator('#other_agency_contact-error')).toContainText('联系方式');
  await expectAccessible(page);
  await page.getByLabel('负责公开该信息的机关').fill('重庆市南川区市场监督管理局');
  await page.getByLabel('该机关的联系方式').fill('023-71422315');
  await page.getByRole('button', { name: '答复', exact: true }).click();
  await expect(page.getByRole('row', { name: /^负责公开的机关/ })).toContainText('重庆市南川区市场监督管理局（联系方式：023-71422315）');
  await page.getByRole('link', { name: '查看答复告知书' }).click();
  const letter = page.getByTestId('notice-letter');
  await expect(letter).toContainText('不属于本机关负责公开');
  await expect(letter).toContainText('负责公开该政府信息的行政机关为：重庆市南川区市场监督管理局，联系方式：023-71422315。');
  await waitForHydration(page);
  await expectAccessible(page);
});
