import { expect, Page, test } from '@playwright/test';
import { collectErrors, expectAccessible, waitForHydration } from './helpers';

// 入学 occurs in the demo data's questions, documents and interviews alike.
const WORDS = '入学';
const ENCODED = encodeURIComponent(WORDS);

/** Tabs from the top of the page until the header's search box has focus. */
async function tabToSearchBox(page: Page) {
  const box = page.getByRole('searchbox', { name: '搜索全站' });
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    if (await box.evaluate((el) => el === document.activeElement)) return box;
  }
  throw new Error('the header search box is not reachable by Tab');
}

test('the header box searches the whole portal by keyboard', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/catalog');
  await waitForHydration(page);
  const box = await tabToSearchBox(page);
  await page.keyboard.type(WORDS);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/search\\?q=${ENCODED}$`));
  await waitForHydration(page);

  await expect(page.getByRole('heading', { level: 1, name: '全站搜索' })).toBeVisible();
  // The header's box and the page's own box both hold the words.
  await expect(box).toHaveValue(WORDS);
  await expect(page.getByRole('searchbox', { name: '搜索留言、公开文件和访谈' })).toHaveValue(WORDS);

  for (const [group, more] of [
    ['问政留言', `/questions?q=${ENCODED}`],
    ['政府信息公开', `/catalog?q=${ENCODED}`],
    ['在线访谈', `/search?q=${ENCODED}&group=interviews`],
  ]) {
    const section = page.getByRole('region', { name: new RegExp(`^${group}`) });
    await expect(section.getByRole('heading', { level: 2 })).toContainText(group);
    // Every hit has the words marked, as in its module.
    const hits = section.getByRole('listitem');
    expect(await hits.count()).toBeGreaterThan(0);
    expect(await hits.count()).toBeLessThanOrEqual(5);
    await expect(hits.first().locator('mark').first()).toHaveText(WORDS);
    const link = section.getByRole('link', { name: new RegExp(`^查看全部 \\d+ 条\\s*${group}$`) });
    await expect(link).toHaveAttribute('href', more);
  }
  await expect(page.getByRole('status')).toContainText(`“${WORDS}”：问政留言`);
  await expectAccessible(page);

  // 查看全部 goes to the module's own search with the same words.
  await page
    .getByRole('region', { name: /^问政留言/ })
    .getByRole('link', { name: /^查看全部/ })
    .click();
  await expect(page).toHaveURL(new RegExp(`/questions\\?q=${ENCODED}$`));
  await expect(page.getByLabel('关键词')).toHaveValue(WORDS);
  expect(errors, errors.join('\n')).toEqual([]);
});

test('every interview found, a page of its own', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`/search?q=${ENCODED}`);
  await waitForHydration(page);
  await page
    .getByRole('region', { name: /^在线访谈/ })
    .getByRole('link', { name: /^查看全部/ })
    .click();
  await expect(page).toHaveURL(new RegExp(`group=interviews`));
  const section = page.getByRole('region', { name: /^在线访谈/ });
  const first = section.getByRole('listitem').first();
  await expect(first.locator('mark').first()).toHaveText(WORDS);
  await expectAccessible(page);
  await page.getByRole('link', { name: '返回全部搜索结果' }).click();
  await expect(page).toHaveURL(new RegExp(`/search\\?q=${ENCODED}$`));
  await expect(page.getByRole('region', { name: /^政府信息公开/ })).toBeVisible();
  expect(errors, errors.join('\n')).toEqual([]);
});

test('bad words are explained beside the box', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/search?q=13812345678');
  await waitForHydration(page);
  const box = page.getByRole('searchbox', { name: '搜索留言、公开文件和访谈' });
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(box).toHaveAccessibleDescription(/检索词不能包含手机号/);
  await expect(page.getByRole('region')).toHaveCount(0);
  await expectAccessible(page);
  // No words yet: the form alone, no error.
  await page.goto('/search');
  await waitForHydration(page);
  await expect(page.getByRole('searchbox', { name: '搜索留言、公开文件和访谈' })).not.toHaveAttribute(
    'aria-invalid',
    'true',
  );
  expect(errors, errors.join('\n')).toEqual([]);
});

test.describe('at 360 px', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('the header keeps its layout and the results fit', async ({ page }) => {
    await page.goto('/');
    await waitForHydration(page);
    const box = page.getByRole('searchbox', { name: '搜索全站' });
    await expect(box).toBeVisible();
    const boxRect = (await box.boundingBox())!;
    const button = (await page.getByRole('search', { name: '全站搜索' }).getByRole('button', { name: '搜索' }).boundingBox())!;
    expect(boxRect.width).toBeGreaterThan(150);
    expect(button.x + button.width).toBeLessThanOrEqual(360);
    // The box sits below the brand, not on top of it.
    const brand = (await page.locator('.brand').boundingBox())!;
    expect(boxRect.y).toBeGreaterThanOrEqual(brand.y + brand.height - 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.goto(`/search?q=${ENCODED}`);
    await waitForHydration(page);
    await expect(page.getByRole('region', { name: /^问政留言/ })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectAccessible(page);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the header box still searches', async ({ page }) => {
    await page.goto('/interviews');
    const box = page.getByRole('searchbox', { name: '搜索全站' });
    await box.fill(WORDS);
    await box.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/search\\?q=${ENCODED}$`));
    await expect(
      page.getByRole('region', { name: /^政府信息公开/ }).locator('mark').first(),
    ).toHaveText(WORDS);
  });
});
