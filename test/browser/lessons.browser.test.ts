// The lessons in the lab, as a trainee meets them (production build): walking ten-steps to its end with
// Continue, and leaving recovery-window's script by trying it yourself.
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { PORT } from './globalSetup.ts';

const BASE = `http://127.0.0.1:${PORT}/`;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function open(width: number, query: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.on('close', () => void context.close());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(BASE + query);
  await page.getByRole('group', { name: /^Topology at / }).waitFor();
  // The lesson's narration loads after the first frame (its place is kept meanwhile).
  await lessonPanel(page).locator('[aria-live="polite"]').waitFor();
  await settled(page);
  return { page, errors };
}

const settled = (page: Page) => page.locator('main.lab[aria-busy="false"]').waitFor();
const lessonPanel = (page: Page) => page.locator('section.lesson');
/** What the lesson panel's live region says now. */
const narration = async (page: Page) => {
  await settled(page);
  return lessonPanel(page).locator('[aria-live="polite"]').innerText();
};
const clock = async (page: Page) => {
  await settled(page);
  return Number(await page.getByRole('slider', { name: 'Simulated time' }).getAttribute('aria-valuenow'));
};

describe('lessons in the lab (production build)', () => {
  it('lists the twelve lessons in the scenario picker, and opens one from it', async () => {
    const { page, errors } = await open(1280, '?scenario=ten-steps');
    const picker = page.getByRole('combobox', { name: 'Scenario' });
    // The lessons' titles come with the lessons, after the first frame.
    await expect.poll(() => picker.locator('option').count()).toBe(13);
    const options = await picker.locator('option').allInnerTexts();
    expect(options).toHaveLength(13); // and the sandbox
    expect(options[0]).toBe('The ten steps of a failover inside the plug-in');
    expect(options.at(-1)).toMatch(/^Sandbox/);
    await picker.selectOption('hung-member');
    await settled(page);
    await expect.poll(() => page.locator('p.summary').innerText()).toMatch(/ServerIOTimeout/);
    expect(await narration(page)).toContain('Press Continue');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('walks ten-steps to its end with Continue, each beat at the moment it explains, then Back', async () => {
    const { page, errors } = await open(1280, '?scenario=ten-steps');
    const continueButton = lessonPanel(page).getByRole('button', { name: 'Continue' });
    const said: string[] = [];
    const times: number[] = [];
    while (await continueButton.isEnabled()) {
      await continueButton.click();
      said.push(await narration(page));
      times.push(await clock(page));
    }
    expect(said).toHaveLength(15);
    expect(said[0]).toMatch(/by affinity/);
    expect(said[3]).toMatch(/^Step 1\. /);
    expect(said[12]).toMatch(/^Step 10\. /);
    expect(said.at(-1)).toMatch(/carries both clone IDs, v544d031 then v544d0o0/);
    expect(said.at(-1)).toMatch(/That was the lesson's last part/);
    // Every beat cites its source, and the run moves forward with the beats.
    for (const s of said) expect(s).toMatch(/\((WebSphere|IBM)[^)]+\)/);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[2]).toBe(2000); // the crash
    expect(await lessonPanel(page).getByRole('heading').innerText()).toMatch(/part 15 of 15/);
    await lessonPanel(page).getByRole('button', { name: 'Back' }).click();
    expect(await narration(page)).toBe(said[13]);
    const axe = await new AxeBuilder({ page }).include('section.lesson').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('in recovery-window, Try it yourself and a crash: the narration says the run left the script; back to the lesson', async () => {
    const { page, errors } = await open(1280, '?scenario=recovery-window');
    const panel = lessonPanel(page);
    for (let i = 0; i < 5; i++) await panel.getByRole('button', { name: 'Continue' }).click();
    const beat = await narration(page);
    expect(beat).toMatch(/PluginMember1 is running again/);
    const at = await clock(page);
    await panel.getByRole('button', { name: 'Try it yourself' }).click();
    expect(await narration(page)).toMatch(/^Trying it yourself from part 5/);
    expect(await clock(page)).toBe(at);
    await page.getByRole('button', { name: 'Crash PluginMember1' }).click();
    const left = await narration(page);
    expect(left).toMatch(/The run has left the lesson's script at .*: crash PluginMember1/);
    expect(left).toMatch(/PluginMember1 crashed/);
    // Played on, the script's requests at 40 s are not made: the run is the trainee's.
    await page.getByRole('slider', { name: 'Simulated time' }).focus();
    await page.keyboard.press('End');
    expect(await narration(page)).toMatch(/The run has left the lesson's script/);
    // The event log up to the end: the lab made u1's requests up to 13 s, none of the script's at 40 s.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.getByRole('searchbox', { name: 'Filter' }).fill('user.request');
    await settled(page);
    const requests = await page.locator('.events li, .events tr').allInnerTexts();
    expect(requests.some((r) => /13\.000s/.test(r))).toBe(true);
    expect(requests.filter((r) => /(40|75)\.000s/.test(r))).toEqual([]);
    await panel.getByRole('button', { name: 'Back to the lesson' }).click();
    expect(await narration(page)).toBe(beat);
    expect(await clock(page)).toBe(at);
    expect(await panel.getByRole('button', { name: 'Continue' }).isEnabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('walks the parts with Page Down and Page Up too (a presenter’s clicker)', async () => {
    const { page, errors } = await open(1280, '?scenario=ten-steps');
    await page.locator('body').focus();
    // Pressed in quick succession, as a clicker may: each counts from where the one before goes.
    for (let i = 0; i < 4; i++) await page.keyboard.press('PageDown');
    await settled(page);
    expect(await lessonPanel(page).getByRole('heading').innerText()).toMatch(/part 4 of 15/);
    expect(await narration(page)).toMatch(/^Step 1\. /);
    await page.keyboard.press('PageUp');
    await settled(page);
    expect(await lessonPanel(page).getByRole('heading').innerText()).toMatch(/part 3 of 15/);
    expect(await narration(page)).toMatch(/JVM is killed/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps the narration in view: beside the topology on a laptop, above it on a phone', async () => {
    for (const [width, beside] of [
      [1280, true],
      [390, false],
    ] as const) {
      const { page, errors } = await open(width, '?scenario=ten-steps');
      const lesson = (await lessonPanel(page).boundingBox())!;
      const topology = (await page.locator('section.topo').boundingBox())!;
      if (beside) {
        expect(lesson.x).toBeGreaterThan(topology.x + topology.width - 1);
        expect(Math.abs(lesson.y - topology.y)).toBeLessThan(20);
      } else expect(lesson.y + lesson.height).toBeLessThanOrEqual(topology.y);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('plays on past the end of the lesson: time goes on and the timeline grows', async () => {
    const { page, errors } = await open(1280, '?scenario=ten-steps&speed=20');
    await page.getByRole('slider', { name: 'Simulated time' }).focus();
    await page.keyboard.press('End');
    expect(await clock(page)).toBe(6000);
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(600);
    await page.getByRole('button', { name: 'Pause' }).click();
    const t = await clock(page);
    expect(t).toBeGreaterThan(6000);
    expect(
      Number(await page.getByRole('slider', { name: 'Simulated time' }).getAttribute('aria-valuemax')),
    ).toBe(t);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
