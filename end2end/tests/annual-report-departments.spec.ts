import { expect, test } from '@playwright/test';
import { collectErrors, expectAccessible, login, uniqueName, waitForHydration } from './helpers';

/** Beijing's date. */
function today(): string {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** 一、本年新收 (总计) of a department's report of `year`, as the API gives it. */
async function received(page: import('@playwright/test').Page, year: string, department: number) {
  const r = await (await page.request.get(`/api/v1/reports/annual/${year}?department_id=${department}`)).json();
  return r.table3.rows.find((row: { key: string }) => row.key === 'new').values[6] as number;
}

test("the district's report lists each department's, and a department's report is its own", async ({ page }) => {
  const errors = collectErrors(page);
  // The demo data publish 区交通局's 2025 report beside the district's.
  await page.goto('/reports/annual/2025');
  await waitForHydration(page);
  const list = page.getByTestId('department-reports');
  await expect(list).toBeVisible();
  const row = list.getByRole('row', { name: /区交通局/ });
  await expect(row).toContainText('已于');
  await expect(list.getByRole('row', { name: /区旅游局/ })).toContainText('未发布');
  await expectAccessible(page);

  // By keyboard to the department's report.
  await row.getByRole('link', { name: '区交通局' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('区交通局 2025 年政府信息公开工作年度报告');
  await waitForHydration(page);
  await expect(page.getByTestId('published')).toContainText('不再变动');
  await expect(page.getByText('部分项目进展信息更新不够及时，下一步将按月更新。')).toBeVisible();
  await expect(page.getByText(/区交通局主动公开政府信息/)).toBeVisible();
  // Its exports and the other years stay the department's.
  await expect(page.getByRole('link', { name: '导出 CSV' })).toHaveAttribute('href', /csv\?department_id=\d+$/);
  await expect(page.getByRole('link', { name: '2026 年' })).toHaveAttribute('href', /\/reports\/annual\/2026\?department_id=\d+$/);
  await expectAccessible(page);
  await page.getByRole('link', { name: '在政府信息公开目录中查看' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('区交通局2025年政府信息公开工作年度报告');
  expect(errors).toEqual([]);
});

test('the desk names the department, and that department reports the application', async ({ page }) => {
  const errors = collectErrors(page);
  const departments = (await (await page.request.get('/api/v1/departments')).json()).items as { id: number; name: string }[];
  const tourism = departments.find((d) => d.name === '区旅游局')!;
  const year = today().slice(0, 4);
  const before = await received(page, year, tourism.id);

  await login(page, 'editor');
  await page.goto('/editor/disclosure/intake');
  await waitForHydration(page);
  await page.getByLabel('提交方式').selectOption('in_person');
  await page.getByLabel('收到日期').fill(today());
  await page.getByLabel('申请人类型').selectOption('natural_person');
  const name = uniqueName('当面申请');
  await page.getByLabel('姓名或名称').fill(name);
  await page.getByLabel('证件类型').selectOption('passport');
  await page.getByLabel('证件号码').fill('E12345678');
  await page.getByLabel('联系电话').fill('13800001234');
  await page.getByLabel('所需政府信息的描述').fill('2026年金佛山景区游客接待量统计。');
  await page.getByLabel('获取信息的方式').selectOption('electronic');
  // Sent first to the wrong department, as happens at a counter.
  await page.getByLabel('承办部门').selectOption({ label: '区交通局' });
  await page.getByRole('button', { name: '登记申请' }).click();
  await expect(page.getByRole('status').filter({ hasText: '申请已登记' })).toBeVisible();
  await page.getByRole('link', { name: '办理这件申请' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办理依申请公开');
  await waitForHydration(page);
  await expect(page.getByTestId('department')).toHaveText('区交通局');

  // The desk moves it, by keyboard.
  const select = page.getByLabel('承办部门');
  await select.focus();
  await select.selectOption({ label: '区旅游局' });
  await page.getByRole('button', { name: '保存承办部门' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('department')).toHaveText('区旅游局');
  await expect(page.getByLabel('承办部门')).toHaveValue(String(tourism.id));
  await expectAccessible(page);
  expect(await received(page, year, tourism.id)).toBe(before + 1);

  // The department's open report: the editor writes its section 五; the district's keeps its own.
  await page.goto(`/reports/annual/${year}?department_id=${tourism.id}`);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`区旅游局 ${year} 年政府信息公开工作年度报告`);
  const text = `${uniqueName('旅游')}：景区信息更新不及时。`;
  await page.getByLabel('五、存在的主要问题及改进情况').fill(text);
  await page.getByRole('button', { name: '保存正文' }).click();
  await expect(page.locator('article.annual-report > p').filter({ hasText: text })).toBeVisible();
  await expectAccessible(page);
  const mine = await (await page.request.get(`/api/v1/reports/annual/${year}?department_id=${tourism.id}`)).json();
  expect(mine.sections.problems).toBe(text);
  const district = await (await page.request.get(`/api/v1/reports/annual/${year}`)).json();
  expect(district.sections.problems).not.toBe(text);
  expect(errors).toEqual([]);
});
