import { APIRequestContext } from '@playwright/test';

// The public pages the measures in this folder visit: the fixed ones, and one question, one
// document and one interview of the demo data.
const FIXED = [
  '/', '/search?q=%E5%8C%BB%E4%BF%9D', '/sitemap', '/questions', '/questions/new', '/interviews', '/catalog',
  '/reports/annual/2026', '/guide', '/login',
];

export async function publicPages(request: APIRequestContext): Promise<string[]> {
  const first = async (url: string) => (await (await request.get(url)).json()).items[0];
  const question = (await first('/api/v1/questions?per_page=1')).tracking_no;
  const document = (await first('/api/v1/documents?per_page=1')).id;
  const interview = (await first('/api/v1/interviews?per_page=1')).id;
  return [...FIXED, `/questions/${question}`, `/catalog/documents/${document}`, `/interviews/${interview}`];
}
