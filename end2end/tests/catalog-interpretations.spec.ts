import { expect, test } from '@playwright/test';
import { apiHeaders, collectErrors, expectAccessible, login, uniqueName, waitForHydration } from './helpers';

// The catalog's records, round two: an editor files a policy under a 主题分类 of the State
// Council's scheme, with a 内容概述 and several 解读 (a text document and a video); the
// public page lists them and the 解读 points back; admins extend the 主题分类.

test('an editor links several 解读 and a summary; both pages show the link', async ({ page }) => {
  const errors = collectErrors(page);
  await login(page, 'editor');
  const token = uniqueName('jd');
  const publisher = (await (await page.request.get('/api/v1/departments')).json()).items[0].id;
  const res = await page.request.post('/api/v1/documents', {
    headers: await apiHeaders(page),
    data: { column: 'zcjd', title: `《${token}补贴办法》政策解读`, body: '解读正文。', publisher_id: publisher,
            written_on: '2026-11-20', published_on: '2026-11-21', subject: '农业、林业、水利', keywords: [] },
  });
  expect(res.status()).toBe(201);
  const interpretation = (await res.json()).id;

  await page.goto('/editor');
  await waitForHydration(page);
  const title = `${token}补贴办法`;
  await page.getByLabel('栏目').selectOption('gfxwj');
  await page.getByLabel('发布机构').selectOption({ index: 1 });
  await page.getByLabel('主题分类').selectOption('国防');
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('正文').fill('第一条　为规范补贴发放，制定本办法。');
  await page.getByLabel('成文日期').fill('2026-11-20');
  await page.getByLabel('发布日期').fill('2026-11-22');
  await page.getByLabel('内容概述').fill('明确补贴对象、标准和发放程序。');
  // A bad line is refused beside the field, and nothing typed is lost.
  await page.getByRole('textbox', { name: '政策解读', exact: true }).fill(`文字 ${interpretation}\n音频 3`);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('#interpretations-error')).toContainText('第 2 行须以“文字”“图解”或“视频”开头');
  await expect(page.getByLabel('标题')).toHaveValue(title);
  await page.getByRole('textbox', { name: '政策解读', exact: true }).fill(`文字 ${interpretation}\n视频 https://v.example.gov.cn/jd/${token}`);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const saved = page.getByRole('status').filter({ hasText: '已保存' });
  await expect(saved).toBeVisible();
  await saved.getByRole('link', { name: '查看' }).click();

  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByRole('row', { name: /内容概述/ })).toContainText('明确补贴对象、标准和发放程序。');
  await expect(page.getByRole('row', { name: /索引号/ })).toContainText('国防');
  const list = page.getByRole('region', { name: '政策解读' });
  await expect(list.getByRole('link', { name: `《${token}补贴办法》政策解读` })).toBeVisible();
  await expect(list).toContainText('视频解读：');
  await expectAccessible(page);

  // The 解读 names its policy.
  await list.getByRole('link', { name: `《${token}补贴办法》政策解读` }).click();
  await waitForHydration(page);
  const back = page.getByRole('region', { name: '本文解读的政策文件' });
  await expect(back.getByRole('link', { name: title })).toBeVisible();
  await expectAccessible(page);
  expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
});

test('admins add a 主题分类 and retire it', async ({ page }) => {
  const errors = collectErrors(page);
  await login(page, 'admin');
  await page.goto('/admin/catalog');
  await waitForHydration(page);
  const name = `测试分类${Date.now().toString(36).slice(-4)}`;
  await page.getByLabel('分类名称').fill(name);
  await page.getByRole('button', { name: '新增主题分类' }).click();
  const item = page.locator('ul.subjects li').filter({ hasText: name });
  await expect(item).toBeVisible();
  await expectAccessible(page);
  await item.getByRole('button', { name: `停用${name}` }).click();
  await expect(item).toContainText('（已停用）');
  // Retired: the editor's list no longer offers it.
  const offered = await (await page.request.get('/api/v1/subjects')).json();
  expect(offered.items.map((s: { name: string }) => s.name)).not.toContain(name);
  expect(offered.items.map((s: { name: string }) => s.name)).toContain('港澳台侨工作');
  await item.getByRole('button', { name: `恢复${name}` }).click();
  await expect(item).not.toContainText('（已停用）');
  expect(errors).toEqual([]);
});
