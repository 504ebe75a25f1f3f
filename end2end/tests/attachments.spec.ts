import { expect, Page, test } from '@playwright/test';
import { apiHeaders, expectAccessible, login, uniqueName, waitForHydration } from './helpers';

/** Enough of a PDF for the server's content check (it starts with %PDF-). */
function pdf(text: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

/**
 * A published document of the test's own, made through the API with the editor's session in
 * `page` (the demo documents stay as the demo made them). Returns its id.
 */
async function publishedDocument(page: Page, title: string): Promise<number> {
  const headers = await apiHeaders(page);
  // The publishing body of the demo's first document: any active department would do.
  const demo = await (await page.request.get('/api/v1/documents/1')).json();
  const created = await page.request.post('/api/v1/documents', {
    headers,
    data: {
      column: 'zfwj',
      title,
      body: '本文件用于浏览器测试附件上传。',
      publisher_id: demo.publisher.id,
      written_on: '2026-11-20',
      keywords: [],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  const published = await page.request.post(`/api/v1/documents/${id}/publish`, { headers });
  expect(published.status(), await published.text()).toBe(200);
  expect((await published.json()).status).toBe('published');
  return id as number;
}

test('an editor attaches a file by keyboard and the public page offers it', async ({ page, browser }) => {
  const token = uniqueName('fj');
  const name = `${token}附件.pdf`;
  await login(page, 'editor');
  const doc = await publishedDocument(page, `关于${token}附件测试的公告`);
  await page.goto(`/editor/documents/${doc}`);
  await waitForHydration(page);
  const file = page.getByLabel('上传附件');
  await expect(file).toHaveAttribute('type', 'file');
  // A file chooser cannot be driven by keys; everything around it is.
  await file.setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf(token) });
  await file.focus();
  await page.keyboard.press('Tab');
  const upload = page.getByRole('button', { name: '上传', exact: true });
  await expect(upload).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/editor/documents/${doc}\\?attached=\\d+#attachments$`));
  await expect(page.getByRole('status').filter({ hasText: '附件已上传' })).toBeVisible();
  await expect(page.getByRole('link', { name })).toBeVisible();
  // Published: no delete buttons.
  await expect(page.getByRole('button', { name: /删除/ })).toHaveCount(0);
  await waitForHydration(page);
  await expectAccessible(page);

  // A page renamed to .pdf is refused, and the message sits beside the field.
  await file.setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>x</html>') });
  await upload.click();
  await expect(page).toHaveURL(/attachment_error=type/);
  await expect(page.locator('#attachment-file-error')).toContainText('仅支持 PDF、Word、Excel、PowerPoint');
  await expect(page.getByLabel('上传附件')).toHaveAttribute('aria-invalid', 'true');
  await waitForHydration(page);
  await expectAccessible(page);

  const ctx = await browser.newContext();
  const reader = await ctx.newPage();
  await reader.goto(`/catalog/documents/${doc}`);
  await waitForHydration(reader);
  const list = reader.getByRole('region', { name: '附件' });
  const link = list.getByRole('link', { name });
  await expect(link).toBeVisible();
  await expect(list.getByRole('listitem').filter({ hasText: name })).toContainText('（PDF，');
  const res = await reader.request.get((await link.getAttribute('href'))!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  expect(res.headers()['content-disposition']).toContain("filename*=UTF-8''");
  expect((await res.body()).toString()).toContain(token);
  await expectAccessible(reader);
  await ctx.close();
});
