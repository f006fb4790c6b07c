import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.ts';

const URL = 'http://127.0.0.1:4179/?scenario=ten-steps';
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync('test-results', { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

describe('read-out page (production build)', () => {
  for (const [width, height] of [
    [360, 800],
    [1280, 900],
  ] as const) {
    it(`steps through the ten-steps run and shows the mark-down at ${width} px`, async () => {
      const page = await browser.newPage({ viewport: { width, height } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(URL);
      await expect(page.getByRole('heading', { name: 'Failover Lab' }).isVisible()).resolves.toBe(true);
      const step = page.getByRole('button', { name: 'Step', exact: true });
      for (let i = 0; i < 30; i++) await step.click();
      const trace = await page.getByRole('list').last().innerText();
      expect(trace).toContain('Marking was1node_PluginMember1 down');
      expect(await page.getByText('yes, retry in').count()).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Step back' }).click();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `test-results/readout-${width}.png`, fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('crashing a member after stepping back forks the run and logs the crash', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(URL);
    const step = page.getByRole('button', { name: 'Step', exact: true });
    for (let i = 0; i < 10; i++) await step.click();
    await page.getByRole('button', { name: 'Step back' }).click();
    await page.getByRole('button', { name: 'Crash PluginMember2' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('re-simulated');
    expect(await page.getByText("PluginMember2's JVM is killed").count()).toBe(1);
    await page.close();
  });
});
