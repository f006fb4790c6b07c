// The build in a documentation site: under a sub-path, with a strict Content-Security-Policy, asking
// nothing of another origin. No policy is broken while a trainee uses the lab, embedded or on its own.
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { startStrictServer } from './strictServer.ts';

let browser: Browser;
let server: Server;
let origin: string;

beforeAll(async () => {
  browser = await launchChromium();
  ({ server, origin } = await startStrictServer());
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** A page that records every policy broken, every page error, and every request to another origin. */
async function watched(
  url: string,
): Promise<{ page: Page; broken: () => Promise<string[]>; elsewhere: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript({
    content: `window.__broken = []; document.addEventListener('securitypolicyviolation', (e) => window.__broken.push([e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber, e.columnNumber, e.sample].join(' ')));`,
  });
  const page = await context.newPage();
  const elsewhere: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:'))
      elsewhere.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  const broken = async () => {
    const own = await page.evaluate(() => (window as unknown as { __broken: string[] }).__broken);
    const framed = await Promise.all(
      page
        .frames()
        .slice(1)
        .map((f) => f.evaluate(() => (window as unknown as { __broken?: string[] }).__broken ?? [])),
    );
    return [...own, ...framed.flat()];
  };
  return { page, broken, elsewhere, errors };
}

describe('the build under a sub-path and a strict Content-Security-Policy', () => {
  it('the lab’s own page: a lesson played and stepped, the configuration, Share, the statechart drawn, the topology saved as SVG', async () => {
    const { page, broken, elsewhere, errors } = await watched(`${origin}/docs/lab/?scenario=ten-steps`);
    await page.getByRole('group', { name: /^Topology at / }).waitFor();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForTimeout(1000);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('body').press('ArrowRight');
    await page.getByRole('button', { name: 'Configuration' }).click();
    await page.getByRole('heading', { name: 'Configuration' }).waitFor();
    expect(await broken()).toEqual([]);
    await page.getByRole('button', { name: 'Share' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Topology as SVG' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.svg$/);
    await page.getByRole('tab', { name: 'Statecharts' }).click();
    await page.locator('svg[role="img"]').first().waitFor({ timeout: 20_000 });
    await page.getByRole('tab', { name: 'Plug-in log' }).click();
    expect(await broken()).toEqual([]);
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a docs page with two labs as custom elements, from the lab’s sub-path', async () => {
    const { page, broken, elsewhere, errors } = await watched(`${origin}/docs/page.html`);
    const first = page.locator('#first');
    const second = page.locator('#second');
    const clockOf = (lab: ReturnType<Page['locator']>) =>
      lab.getByRole('slider', { name: 'Simulated time' }).getAttribute('aria-valuenow');
    await expect.poll(() => clockOf(first), { timeout: 15_000 }).toBe('3020');
    await expect.poll(() => clockOf(second), { timeout: 15_000 }).toBe('0');
    await second.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => clockOf(second).then(Number)).toBeGreaterThan(0);
    expect(await clockOf(first)).toBe('3020');
    const out = await first.getByRole('link', { name: /Open in the full lab/ }).getAttribute('href');
    expect(out?.startsWith(`${origin}/docs/lab/?v=1&scenario=ten-steps`)).toBe(true);
    expect(await broken()).toEqual([]);
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
