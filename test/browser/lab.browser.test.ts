import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';

const BASE = 'http://127.0.0.1:4179/';
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync('test-results', { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function open(width: number, query = '?scenario=ten-steps'): Promise<{ page: Page; errors: string[] }> {
  // A context of its own: axe needs one, and each test starts from a clean slate.
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 800 : 900 } });
  const page = await context.newPage();
  page.on('close', () => void context.close());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(BASE + query);
  await page.getByRole('heading', { name: 'Failover Lab' }).waitFor();
  return { page, errors };
}

const clock = (page: Page) =>
  page.getByRole('slider', { name: 'Simulated time' }).getAttribute('aria-valuenow');
const currentLine = (page: Page) => page.locator('.current').innerText();

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

describe('the lab (production build)', () => {
  for (const width of [360, 1280]) {
    it(`walks the ten steps by keyboard at ${width} px, fits the screen, and passes axe`, async () => {
      const { page, errors } = await open(width);
      await page.locator('body').focus();
      const seen: string[] = [];
      for (let i = 0; i < 30 && !seen.at(-1)?.includes('step 6:'); i++) {
        await page.keyboard.press('ArrowRight');
        seen.push(await currentLine(page));
      }
      expect(seen.at(-1)).toContain('step 6: opening a new connection to PluginMember1');
      expect(seen.filter((l) => / step \d+:/.test(l))).toHaveLength(6);
      // The walk panel marks the step the cursor is on.
      expect(await page.locator('.walk [aria-current="step"]').innerText()).toMatch(
        /^.?\s*Step 6: get a stream/,
      );
      await page.keyboard.press('ArrowLeft');
      expect(await currentLine(page)).toBe(seen.at(-2));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `test-results/lab-${width}.png`, fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('plays, pauses, and seeks with the timeline', async () => {
    const { page, errors } = await open(1280, '?scenario=ten-steps&speed=1');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(600);
    await page.getByRole('button', { name: 'Pause' }).click();
    const paused = Number(await clock(page));
    expect(paused).toBeGreaterThan(200);
    await page.waitForTimeout(300);
    expect(Number(await clock(page))).toBe(paused);
    const slider = page.getByRole('slider', { name: 'Simulated time' });
    await slider.focus();
    await page.keyboard.press('End');
    expect(await clock(page)).toBe('6000');
    expect(await page.getByRole('group', { name: /Topology at 6\.000 s/ }).count()).toBe(1);
    await page.keyboard.press('Home');
    expect(await clock(page)).toBe('0');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('crashing a member from the UI forks the run, and the failover is drawn and logged', async () => {
    const { page, errors } = await open(1280);
    const slider = page.getByRole('slider', { name: 'Simulated time' });
    await slider.focus();
    await page.keyboard.press('PageUp'); // 1 s, before the scripted crash at 2 s
    expect(await clock(page)).toBe('1000');
    await page.getByRole('button', { name: 'Crash PluginMember1' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'New future' }).innerText()).resolves.toContain(
      're-simulated',
    );
    await slider.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('PageUp');
    expect(await clock(page)).toBe('4000');
    // The process that tried PluginMember1 shows the mark-down with its retry countdown.
    const topology = page.locator('figure.topology');
    await expect(topology.innerText()).resolves.toMatch(/PluginMember1 marked down, retry in \d+\.\d s/);
    // The logs load when scrolled into view.
    await page.getByRole('tab', { name: 'Plug-in log' }).click();
    await page
      .locator('#panel-plugin')
      .getByText('serverSetFailoverStatus: Marking was1node_PluginMember1 down')
      .first()
      .waitFor();
    await page.getByRole('tab', { name: 'Event log' }).click();
    await page.locator('#panel-events').getByText("PluginMember1's JVM is killed").first().waitFor();
    await page.screenshot({ path: 'test-results/lab-failover-1280.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says what was wrong with the address and opens the lab anyway', async () => {
    const { page, errors } = await open(1280, '?scenario=nope&seed=x');
    const alert = await page.getByRole('alert').innerText();
    expect(alert).toContain('URL parameter scenario=nope: no such scenario');
    expect(alert).toContain('URL parameter seed=x');
    expect(await page.getByRole('group', { name: /Topology at 0\.000 s/ }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
