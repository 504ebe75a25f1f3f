import { expect, Page, test } from '@playwright/test';
import { login } from './helpers';

/** Printed: the heading and body show; the site frame, forms and buttons do not. */
async function expectPrintable(page: Page, path: string, body: string) {
  await page.goto(path);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator(body).first()).toBeVisible();
  for (const frame of ['.site-header', '.site-footer', 'main form', 'main button']) {
    // Rendered at all: an element with no box (display: none, or inside one) has no rects.
    const visible = await page.locator(frame).evaluateAll((els) => els.filter((e) => e.getClientRects().length > 0).length);
    expect(visible, `${path}: ${frame} is printed`).toBe(0);
  }
  // Black on white whatever the screen mode.
  const colours = await page.locator('main').evaluate((m) => [getComputedStyle(m).color, getComputedStyle(m).backgroundColor]);
  expect(colours, path).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
  await page.emulateMedia({ media: 'screen' });
}

test('an answer, a document, a 告知书 and the annual report print as text alone', async ({ page, context }) => {
  // Printed in 高对比度 too: paper is black on white.
  await context.addCookies([{ name: 'gongkai_prefs', value: 'contrast', url: test.info().project.use.baseURL as string }]);
  const q = (await (await page.request.get('/api/v1/questions?per_page=1')).json()).items[0].tracking_no;
  const d = (await (await page.request.get('/api/v1/documents?per_page=1')).json()).items[0].id;
  await expectPrintable(page, `/questions/${q}`, '.question-detail');
  await expectPrintable(page, `/catalog/documents/${d}`, 'main article, main section');
  await expectPrintable(page, '/reports/annual/2026', '.annual-report');
  await login(page, 'editor');
  const r = (await (await page.request.get('/api/v1/disclosure-requests?status=replied&per_page=1')).json()).items[0].tracking_no;
  await expectPrintable(page, `/disclosure-requests/${r}/notice`, '.notice-letter');
});
