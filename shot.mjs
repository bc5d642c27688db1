import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const base = 'http://127.0.0.1:4391';
async function as(email, shots) {
  const ctx = await b.newContext({ viewport: { width: 1200, height: 900 } });
  const p = await ctx.newPage();
  await p.goto(base + '/signin');
  await p.fill('input[name=email]', email);
  await p.fill('input[name=password]', 'reflective-demo');
  await p.click('button[type=submit]');
  await p.waitForLoadState('networkidle');
  for (const [path, file, w] of shots) {
    await p.setViewportSize({ width: w ?? 1200, height: 900 });
    await p.goto(base + path);
    await p.screenshot({ path: file, fullPage: true });
  }
  await ctx.close();
}
await as('lead@example.org', [
  ['/review/facilitators', '/tmp/reg-lead.png'],
  ['/review/facilitators/00000000-0000-4000-8000-000000000103', '/tmp/rec-leah.png'],
  ['/review/facilitators/00000000-0000-4000-8000-000000000104', '/tmp/rec-jamal-phone.png', 390],
  ['/groups/new', '/tmp/newgroup.png', 390],
]);
await as('facilitator3@example.org', [['/review/facilitators', '/tmp/reg-fac.png', 390]]);
await b.close();
