import { APIRequestContext, expect, test } from '@playwright/test';
import { apiHeaders, expectAccessible, expectNumberedOn, fact, login, uniqueName, waitForHydration } from './helpers';

/** A resident ID number with a valid GB 11643 check character. */
function residentId(first17 = '50011919880808123'): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/** Files an application through the API, as an anonymous applicant; returns the receipt. */
async function fileApplication(request: APIRequestContext) {
  const res = await request.post('/api/v1/disclosure-requests', {
    data: {
      applicant: { type: 'natural_person', name: '李测试', id_number: residentId('50011919900101456'), phone: '13800005678' },
      description: `${uniqueName('sq')}：南川区2026年道路养护计划。`,
      form: 'electronic',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const receipt = await res.json();
  expect(receipt.tracking_no).toMatch(/^YSQ\d{13}$/);
  expectNumberedOn(receipt.tracking_no, receipt.received_on);
  return receipt as { tracking_no: string; query_code: string; received_on: string };
}

test('an editor publishes a document and a resident finds it by search', async ({ page, browser }) => {
  const token = uniqueName('gk');
  const title = `关于${token}城乡居民医保报销的通知`;
  await login(page, 'editor');
  await page.goto('/editor');
  await waitForHydration(page);
  await page.getByLabel('栏目').selectOption('zfwj');
  await page.getByLabel('发布机构').selectOption({ index: 1 });
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('正文').fill('参保居民在定点医疗机构就医，医保基金按规定比例报销。');
  await page.getByLabel('成文日期').fill('2026-11-20');
  await page.getByLabel('主题词').fill('医保 报销');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '草稿' })).toBeVisible();

  await page.getByRole('button', { name: new RegExp(`发布\\s*${title}`) }).click();
  await expect(page.getByRole('row').filter({ hasText: title })).toContainText('已发布');

  const residentCtx = await browser.newContext();
  const resident = await residentCtx.newPage();
  await resident.goto('/catalog');
  await waitForHydration(resident);
  await resident.getByLabel('检索标题和正文').fill('医保');
  await resident.getByRole('button', { name: '检索', exact: true }).click();
  await expect(resident).toHaveURL(/q=%E5%8C%BB%E4%BF%9D/);
  const hit = resident.getByRole('link', { name: title });
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark').first()).toHaveText('医保');
  await hit.click();
  await expect(resident.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(resident.getByRole('cell', { name: /\/2026-\d{5}$/ })).toBeVisible();
  await residentCtx.close();
});

test('an editor revises a published document and the public page shows the 修订记录', async ({ page, browser }) => {
  const title = `关于${uniqueName('xd')}道路养护的通知`;
  await login(page, 'editor');
  const departments = await (await page.request.get('/api/v1/departments')).json();
  const created = await page.request.post('/api/v1/documents', {
    headers: await apiHeaders(page),
    data: {
      column: 'zfwj', title, body: '第一段。', publisher_id: departments.items[0].id,
      written_on: '2026-11-20', published_on: '2026-11-23', subject: '城乡建设、环境保护', keywords: ['道路'],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();

  await page.goto(`/editor/documents/${id}`);
  await waitForHydration(page);
  // 发布日期 is fixed once published; the form says so and does not let it change.
  await expect(page.getByLabel('发布日期')).toHaveAttribute('readonly', '');
  await page.getByLabel('标题').fill(`${title}（更正）`);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('#revision_note-error')).toHaveText('修改已发布的文件须填写修订说明');
  await page.getByLabel('修订说明').fill('标题补充“更正”字样');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '已发布' })).toBeVisible();

  const residentCtx = await browser.newContext();
  const resident = await residentCtx.newPage();
  await resident.goto(`/catalog/documents/${id}`);
  await waitForHydration(resident);
  await expect(resident.getByRole('heading', { level: 1 })).toHaveText(`${title}（更正）`);
  const revisions = resident.getByRole('region', { name: '修订记录' });
  await expect(revisions.getByRole('listitem')).toHaveCount(1);
  await expect(revisions).toContainText('标题补充“更正”字样');
  await expectAccessible(resident);
  await residentCtx.close();
});

test('the 公开指南 is one footer link away, and an admin keeps it', async ({ page, browser }) => {
  const office = `南川区政务公开科${uniqueName('zn')}`;
  await login(page, 'admin');
  await page.goto('/admin/guide');
  await waitForHydration(page);
  await page.getByLabel('公开工作机构名称').fill(office);
  await page.getByLabel('联系电话').fill('电话');
  await page.getByRole('button', { name: '保存并公布' }).click();
  await expect(page.locator('#phone-error')).toHaveText('联系电话格式不正确，如 023-71422222');
  await page.getByLabel('联系电话').fill('023-71422222');
  await page.getByRole('button', { name: '保存并公布' }).click();
  await expect(page.getByRole('status')).toContainText('已保存');

  const residentCtx = await browser.newContext();
  const resident = await residentCtx.newPage();
  await resident.goto('/');
  await waitForHydration(resident);
  await resident.getByRole('navigation', { name: '页脚导航' }).getByRole('link', { name: '政府信息公开指南' }).click();
  await expect(resident).toHaveURL(/\/guide$/);
  await expect(resident.getByRole('heading', { level: 1 })).toHaveText('政府信息公开指南');
  for (const part of ['一、政府信息公开工作机构', '二、政府信息的分类与编排', '三、获取政府信息的方式', '四、监督和救济']) {
    await expect(resident.getByRole('heading', { level: 2, name: part })).toBeVisible();
  }
  await expect(fact(resident, '机构名称')).toHaveText(office);
  await expect(fact(resident, '联系电话')).toHaveText('023-71422222');
  await expectAccessible(resident);
  await residentCtx.close();
});

test('a resident applies and later reads the reply notice', async ({ page, browser }) => {
  await page.goto('/disclosure-requests/new');
  await waitForHydration(page);
  // Errors come back field by field.
  await page.getByRole('button', { name: '提交申请' }).click();
  await expect(page.locator('#name-error')).toHaveText('请填写申请人姓名或名称');
  await expect(page.locator('#id_number-error')).toHaveText('请填写身份证号码');

  await page.getByLabel('申请人类型').selectOption('natural_person');
  await page.getByLabel('姓名或名称').fill('王小川');
  await page.getByLabel('证件号码').fill(residentId());
  await page.getByLabel('联系电话').fill('13800001234');
  await page.getByLabel('所需政府信息的描述').fill('2026年南川区城乡居民养老保险待遇调整文件。');
  await page.getByLabel('获取信息的方式').selectOption('electronic');
  await page.getByLabel('我已阅读并同意以上个人信息处理告知').check();
  await page.getByRole('button', { name: '提交申请' }).click();
  const trackingNo = (await page.getByTestId('tracking-no').textContent())!.trim();
  const code = (await page.getByTestId('query-code').textContent())!.trim();
  expect(trackingNo).toMatch(/^YSQ\d{13}$/);
  expectNumberedOn(trackingNo, await fact(page, '收到日期').innerText());
  await expect(page.getByText(residentId())).toHaveCount(0);

  const staffCtx = await browser.newContext();
  const staff = await staffCtx.newPage();
  await login(staff, 'editor');
  await staff.goto(`/editor/disclosure/${trackingNo}`);
  await waitForHydration(staff);
  await staff.getByLabel('答复类型（条例第三十六条）').selectOption('disclosed');
  await staff.getByLabel('答复内容').fill('您申请的文件已予公开，详见附件《关于调整城乡居民养老保险待遇的通知》。');
  await staff.getByRole('button', { name: '答复', exact: true }).click();
  await expect(staff.getByRole('cell', { name: /予以公开/ })).toBeVisible();
  await staffCtx.close();

  // The code goes in a POST body: never in the address bar, history or a Referer.
  const track = async (no: string, c: string) => {
    await page.goto('/disclosure-requests/track');
    await waitForHydration(page);
    await page.getByLabel('申请编号').fill(no);
    await page.getByLabel('查询码').fill(c);
    await page.getByRole('button', { name: '查询' }).click();
  };
  await track(trackingNo, code);
  await expect(page.getByRole('cell', { name: '已答复' })).toBeVisible();
  await page.getByRole('button', { name: '查看答复告知书' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '政府信息公开申请答复告知书' })).toBeVisible();
  await expect(page.getByText('您申请的文件已予公开')).toBeVisible();
  expect(page.url()).not.toContain(code);
  expect(page.url()).not.toContain('query_code');
  await expectAccessible(page);

  // Without the code there is nothing to see.
  await track(trackingNo, 'WRON-G234-WRONG');
  await expect(page.getByRole('alert').filter({ hasText: '没有找到该申请' })).toBeVisible();
});

test('staff filter the application desk to red cards by keyboard', async ({ page }) => {
  await login(page, 'editor');
  await page.goto('/editor/disclosure');
  await waitForHydration(page);
  const summary = page.getByRole('status').filter({ hasText: '办理中' });
  await expect(summary).toContainText(/红牌 [1-9]\d* 件/);
  await page.getByLabel('督办').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('督办')).toHaveValue('red');
  await page.getByRole('button', { name: '筛选' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/card=red/);
  const rows = page.getByRole('table').getByRole('row').filter({ has: page.getByRole('link', { name: /^YSQ/ }) });
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    await expect(row).toContainText('红牌 已超期');
  }
  await expectAccessible(page);
});

test('the annual report page renders its tables', async ({ page }) => {
  await page.goto('/reports/annual/2026');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('2026 年政府信息公开工作年度报告');
  await expect(page.getByTestId('consistency')).toContainText('一 + 二 = 三 + 四');
  for (const caption of ['表二 规章与行政规范性文件', '表三 申请情况（按申请人类型）', '表四 行政复议与行政诉讼']) {
    await expect(page.getByRole('table', { name: caption })).toBeVisible();
  }
  const table3 = page.getByRole('table', { name: '表三 申请情况（按申请人类型）' });
  await expect(table3.getByRole('row', { name: /一、本年新收/ })).toBeVisible();
  await expect(page.getByRole('link', { name: '导出 CSV' })).toHaveAttribute('href', '/api/v1/reports/annual/2026/csv');
  await expect(page.getByRole('link', { name: '导出 Excel' })).toHaveAttribute('href', '/api/v1/reports/annual/2026/xlsx');
});

for (const path of ['/catalog', '/catalog/documents/1', '/disclosure-requests/new', '/reports/annual/2026']) {
  test(`axe finds no WCAG 2.1 AA violation on ${path}`, async ({ page }) => {
    await page.goto(path);
    await waitForHydration(page);
    await expectAccessible(page);
  });
}

test('staff pages are accessible', async ({ page, request }) => {
  await login(page, 'admin');
  for (const path of ['/editor', '/editor/disclosure', '/admin/catalog', '/disclosure-requests/track']) {
    await page.goto(path);
    await waitForHydration(page);
    await expectAccessible(page);
  }
  // One application's desk, with every step form open: a new application of this test's
  // own (the first one listed would depend on what other tests filed and answered).
  const { tracking_no: trackingNo } = await fileApplication(request);
  await page.goto(`/editor/disclosure?q=${trackingNo}`);
  await page.getByRole('link', { name: /^YSQ/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办理依申请公开');
  await waitForHydration(page);
  await expect(page.getByRole('table', { name: `申请编号 ${trackingNo}` })).toBeVisible();
  for (const step of [
    '补正告知（收到后 7 个工作日内，仅一次）',
    '征求第三方意见（不计入期限，最多 15 个工作日）',
    '延长答复期限（仅一次，最多 20 个工作日）',
    '答复',
  ]) {
    await expect(page.getByRole('heading', { level: 2, name: step, exact: true })).toBeVisible();
  }
  await expectAccessible(page);
});
