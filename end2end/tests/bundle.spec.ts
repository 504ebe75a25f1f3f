import { expect, test } from '@playwright/test';
import { waitForHydration } from './helpers';

// A page's lazy route needs 70–330 wasm files. The loader must not request them all in one
// task (frontend/pace-loader.js): that kept the main thread busy for hundreds of
// milliseconds on a slow phone. Each request is tagged with the task it was made in: a
// counter that a timer moves on between tasks, and that cannot move while one runs.
test("a page's chunks are requested a few at a time, not all in one task", async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __task: number; __fetchTasks: number[] };
    w.__task = 0;
    w.__fetchTasks = [];
    const tick = () => {
      w.__task += 1;
      setTimeout(tick, 0);
    };
    tick();
    const fetch = window.fetch.bind(window);
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input instanceof Request ? input.url : input).endsWith('.wasm')) w.__fetchTasks.push(w.__task);
      return fetch(input, init);
    };
  });
  const question = (await (await page.request.get('/api/v1/questions?per_page=1')).json()).items[0].tracking_no;
  await page.goto(`/questions/${question}`);
  await waitForHydration(page);
  const tasks: number[] = await page.evaluate(() => (window as unknown as { __fetchTasks: number[] }).__fetchTasks);
  const perTask = new Map<number, number>();
  for (const t of tasks) perTask.set(t, (perTask.get(t) ?? 0) + 1);
  // The page loads well over a hundred chunks; paced, 16 per turn (two turns may share a
  // tick of the counter).
  expect(tasks.length).toBeGreaterThan(100);
  expect(Math.max(...perTask.values())).toBeLessThanOrEqual(32);
});
