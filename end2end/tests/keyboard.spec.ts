import { expect, Locator, Page, test } from '@playwright/test';
import { apiHeaders, createInterview, login, waitForHydration } from './helpers';

// The forms the front-door issue names, each used by keyboard alone: focus moves only by Tab,
// text is typed, choices are made with the arrow keys, and forms are sent with Enter.

/** Presses Tab until `target` has focus (failing if it never does). */
async function tabTo(page: Page, target: Locator, most = 80) {
  for (let i = 0; i < most; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** In a focused <select>, arrows down to the option whose value is `value`. */
async function arrowTo(page: Page, select: Locator, value: string) {
  for (let i = 0; i < 12 && (await select.inputValue()) !== value; i++) await page.keyboard.press('ArrowDown');
  await expect(select).toHaveValue(value);
}

/** An 18-digit resident ID with the right check digit (GB 11643). */
function residentId(first17 = '50011919850505321'): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = first17.split('').reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

test('track a question by keyboard', async ({ page }) => {
  const title = `键盘查询测试${Date.now()}`;
  const res = await page.request.post('/api/v1/questions', {
    data: { kind: 'help', title, body: '用键盘查询留言的办理进度。', is_public: false, contact: { name: '键盘居民', phone: '13800003579' } },
  });
  expect(res.status()).toBe(201);
  const { tracking_no: no, query_code: code } = await res.json();
  await page.goto('/questions/track');
  await waitForHydration(page);
  await tabTo(page, page.getByLabel('留言编号'));
  await page.keyboard.type(no);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('查询码')).toBeFocused();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect(page.getByText(title)).toBeVisible();
  await expect(page.locator('main')).toContainText('待审核');
});

test('apply for disclosure by keyboard', async ({ page }) => {
  await page.goto('/disclosure-requests/new');
  await waitForHydration(page);
  const type = page.getByLabel('申请人类型');
  await tabTo(page, type);
  await arrowTo(page, type, 'natural_person');
  await tabTo(page, page.getByLabel('姓名或名称'));
  await page.keyboard.type('键盘申请人');
  await tabTo(page, page.getByLabel('证件号码'));
  await page.keyboard.type(residentId());
  await tabTo(page, page.getByLabel('联系电话'));
  await page.keyboard.type('13800002468');
  await tabTo(page, page.getByLabel('所需政府信息的描述'));
  await page.keyboard.type('2026年南川区农村公路养护资金安排文件。');
  const form = page.getByLabel('获取信息的方式');
  await tabTo(page, form);
  await arrowTo(page, form, 'electronic');
  const consent = page.getByLabel('我已阅读并同意以上个人信息处理告知');
  await tabTo(page, consent);
  await page.keyboard.press('Space');
  await expect(consent).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: '提交申请' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tracking-no')).toHaveText(/^YSQ\d{13}$/);
  await expect(page.getByTestId('query-code')).not.toBeEmpty();
});

test('ask and vote in an interview, and run it from the host console, by keyboard', async ({ browser }) => {
  const hostCtx = await browser.newContext();
  const host = await hostCtx.newPage();
  await login(host, 'host');
  const { id, move } = await createInterview(host, ['preview', 'collecting']);

  const viewerCtx = await browser.newContext();
  const viewer = await viewerCtx.newPage();
  await viewer.goto(`/interviews/${id}`);
  await waitForHydration(viewer);
  await tabTo(viewer, viewer.getByLabel('您的问题'));
  await viewer.keyboard.type('农村公路养护资金今年如何安排？');
  await viewer.keyboard.press('Tab');
  await expect(viewer.getByLabel('昵称（可不填）')).toBeFocused();
  await viewer.keyboard.type('键盘网友');
  await tabTo(viewer, viewer.getByRole('button', { name: '提交问题' }));
  await viewer.keyboard.press('Enter');
  await expect(viewer.getByText('问题已提交，待主持人审核。')).toBeVisible();

  // The host accepts it; the viewer supports it with the keyboard.
  const headers = await apiHeaders(host);
  const queue = await (await host.request.get(`/api/v1/interviews/${id}/questions?queue=true`)).json();
  const qid = (queue.items as { id: number; body: string }[]).find((q) => q.body.includes('农村公路养护资金'))!.id;
  const accepted = await host.request.post(`/api/v1/interviews/${id}/questions/${qid}/moderate`, {
    headers,
    data: { decision: 'accept' },
  });
  expect(accepted.status()).toBe(200);
  await viewer.reload();
  await waitForHydration(viewer);
  await tabTo(viewer, viewer.getByRole('button', { name: '支持这个问题（当前 0 票）' }));
  await viewer.keyboard.press('Enter');
  await expect(viewer.getByRole('button', { name: '支持这个问题（当前 1 票）' })).toBeVisible();

  // The host console: go on air and post, keys only.
  await move('preparing');
  await move('rehearsal');
  await host.goto(`/host/interviews/${id}`);
  await waitForHydration(host);
  await tabTo(host, host.getByRole('button', { name: '进入下一阶段：正在直播' }));
  await host.keyboard.press('Enter');
  await tabTo(host, host.getByRole('button', { name: '确认' }));
  await host.keyboard.press('Enter');
  await expect(host.getByTestId('host-stage')).toHaveText('正在直播');
  await tabTo(host, host.getByLabel('消息内容', { exact: true }));
  await host.keyboard.type('各位网友好，键盘操作的访谈开始了。');
  await tabTo(host, host.getByRole('button', { name: '发布', exact: true }));
  await host.keyboard.press('Enter');
  await expect(host.getByTestId('host-feed')).toContainText('键盘操作的访谈开始了');
  await hostCtx.close();
  await viewerCtx.close();
});
