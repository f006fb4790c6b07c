import { mkdirSync, readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { traceCommand } from '../../src/cli/traceCommand.ts';
import { postFailover } from '../../src/scenarios/lessons/postFailover.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { askQuestion } from '../../src/simulation/questions.ts';
import { PORT } from './globalSetup.ts';

const BASE = `http://127.0.0.1:${PORT}/`;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync('test-results', { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function open(
  width: number,
  query = '?scenario=ten-steps',
  height = width < 600 ? 800 : 900,
): Promise<{ page: Page; errors: string[] }> {
  // A context of its own: axe needs one, and each test starts from a clean slate.
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.on('close', () => void context.close());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(BASE + query);
  await page.getByRole('heading', { name: 'Failover Lab' }).waitFor();
  await page.getByRole('group', { name: /^Topology at / }).waitFor();
  await settled(page);
  return { page, errors };
}

const clock = async (page: Page) => {
  await settled(page);
  return page.getByRole('slider', { name: 'Simulated time' }).getAttribute('aria-valuenow');
};
/** Waits until the simulation has answered every command sent so far (it runs in a worker). */
const settled = (page: Page) => page.locator('main.lab[aria-busy="false"]').waitFor();
const currentLine = async (page: Page) => {
  await settled(page);
  return page.locator('.bar .current').innerText();
};

/** The fills of the moving messages (request, response, session store, replication) in each theme. */
const DOT_FILLS = {
  light: ['11,98,214', '26,127,55', '130,80,223', '188,76,0'],
  dark: ['88,166,255', '63,185,80', '188,140,255', '240,136,62'],
};

/**
 * Where the canvas shows a pixel of each set of colours (page coordinates of the first one found), from
 * screenshots with and without the canvas: the canvas belongs to the simulation's worker, so the page
 * cannot read it back, and the SVG under it has colours of its own (the thread gauges, say).
 */
async function findColours(
  page: Page,
  sets: Record<string, string[]>,
): Promise<Record<string, { x: number; y: number } | null>> {
  const canvas = page.locator('canvas.moving');
  const box = (await canvas.boundingBox())!;
  await canvas.evaluate((c: HTMLElement) => (c.style.visibility = 'hidden'));
  const under = await page.screenshot({ clip: box });
  await canvas.evaluate((c: HTMLElement) => (c.style.visibility = ''));
  const shot = await page.screenshot({ clip: box });
  const found = await page.evaluate(
    async ({ srcs, sets }) => {
      const pixels = async (src: string) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const c = new OffscreenCanvas(img.width, img.height);
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return { width: img.width, data: ctx.getImageData(0, 0, img.width, img.height).data };
      };
      const [base, top] = [await pixels(srcs[0]!), await pixels(srcs[1]!)];
      const out: Record<string, { x: number; y: number } | null> = {};
      for (const name of Object.keys(sets)) out[name] = null;
      const { data, width } = top;
      for (let i = 0; i < data.length; i += 4) {
        const rgb = `${data[i]},${data[i + 1]},${data[i + 2]}`;
        if (rgb === `${base.data[i]},${base.data[i + 1]},${base.data[i + 2]}`) continue;
        for (const [name, colours] of Object.entries(sets)) {
          if (out[name] === null && colours.includes(rgb)) {
            const p = i / 4;
            out[name] = { x: p % width, y: Math.floor(p / width) };
          }
        }
      }
      return { out, width };
    },
    { srcs: [under, shot].map((b) => `data:image/png;base64,${b.toString('base64')}`), sets },
  );
  const k = box.width / found.width;
  return Object.fromEntries(
    Object.entries(found.out).map(([name, p]) => [name, p && { x: box.x + p.x * k, y: box.y + p.y * k }]),
  );
}

/** Waits until two screenshots of the topology 200 ms apart are the same. */
async function stillCanvas(page: Page): Promise<void> {
  const box = (await page.locator('canvas.moving').boundingBox())!;
  let last = '';
  for (let i = 0; i < 50; i++) {
    const shot = (await page.screenshot({ clip: box })).toString('base64');
    if (shot === last) return;
    last = shot;
    await page.waitForTimeout(200);
  }
  throw new Error('the topology did not stand still');
}

/** Every label of the topology whose box does not hold it, described. */
function spilledLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const rect of document.querySelectorAll<SVGRectElement>('figure.topology rect.node')) {
      const x = rect.x.baseVal.value;
      const y = rect.y.baseVal.value;
      const w = rect.width.baseVal.value;
      const h = rect.height.baseVal.value;
      for (const t of rect.parentElement!.querySelectorAll<SVGTextElement>(':scope > text')) {
        const b = t.getBBox();
        if (b.x < x - 1 || b.y < y - 1 || b.x + b.width > x + w + 1 || b.y + b.height > y + h + 1)
          out.push(
            `"${t.textContent}" (${Math.round(b.width)} wide) spills out of a ${Math.round(w)}-wide box`,
          );
      }
    }
    return out;
  });
}

/** Pairs of labels in one topology box that write over each other, described. */
function overlappingLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const rect of document.querySelectorAll<SVGRectElement>('figure.topology rect.node')) {
      const boxes = [...rect.parentElement!.querySelectorAll<SVGTextElement>(':scope > text')]
        .filter((t) => t.textContent!.trim() !== '')
        .map((t) => ({ t: t.textContent!, b: t.getBBox() }));
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const [p, q] = [boxes[i]!.b, boxes[j]!.b];
          // Lines one above the other touch by a pixel or two of their ascent and descent; labels on one
          // line share most of their height and need a gap of at least 2 between them.
          const dx = Math.min(p.x + p.width, q.x + q.width) - Math.max(p.x, q.x);
          const dy = Math.min(p.y + p.height, q.y + q.height) - Math.max(p.y, q.y);
          if (dx > -2 && dy > 0.5 * Math.min(p.height, q.height))
            out.push(`"${boxes[i]!.t}" overlaps "${boxes[j]!.t}"`);
        }
    }
    return out;
  });
}

/** Pairs of the sequence diagram's lane names that write over each other, described. */
function overlappingLaneNames(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const names = [...document.querySelectorAll<SVGTextElement>('svg.head text.lane-name')].map((t) => ({
      t: t.textContent!,
      b: t.getBoundingClientRect(),
    }));
    for (let i = 0; i < names.length; i++)
      for (let j = i + 1; j < names.length; j++) {
        const [p, q] = [names[i]!.b, names[j]!.b];
        if (p.left < q.right + 2 && q.left < p.right + 2 && p.top < q.bottom && q.top < p.bottom)
          out.push(`"${names[i]!.t}" overlaps "${names[j]!.t}"`);
      }
    return out;
  });
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

describe('the lab (production build)', () => {
  // A phone, a laptop and a projector.
  for (const width of [360, 1280, 1920]) {
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
      // The sequence diagram, the logs and the inspectors load when scrolled near: the checks below cover
      // the whole page, in both themes.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.getByRole('tab', { name: 'Event log' }).waitFor();
      await page.getByRole('tab', { name: 'JSESSIONID' }).waitFor();
      await page.getByRole('group', { name: /^Messages up to / }).waitFor();
      await settled(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // From a laptop's width up, the sequence diagram's lanes fit its box: nothing cut off sideways.
      if (width >= 1280)
        expect(
          await page.locator('.sequence .box').evaluate((b) => b.scrollWidth - b.clientWidth),
        ).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `test-results/lab-${width}.png`, fullPage: true });
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `test-results/lab-${width}-dark.png`, fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it('plays and pauses with Space, jumps to interesting events with N, and changes the speed with + and −', async () => {
    const { page, errors } = await open(1280, '?scenario=ten-steps&speed=1&pace=real');
    await page.locator('body').focus();
    await page.keyboard.press('n');
    expect(await currentLine(page)).toContain('crash PluginMember1: the JVM is killed');
    // Then on, interesting event by interesting event: the crash, the mark-down, the failover, the
    // session read from the store.
    const lines: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('n');
      lines.push(await currentLine(page));
    }
    expect(lines[0]).toContain('PluginMember1 crashed');
    expect(lines[1]).toContain('Marking was1node_PluginMember1 down');
    expect(lines[2]).toContain('step 7: examine the session identifier again');
    expect(lines[3]).toContain('from the store once');
    const speed = page.locator('label.speed output');
    await page.keyboard.press('+');
    await expect(speed.innerText()).resolves.toBe('2×');
    for (let i = 0; i < 2; i++) await page.keyboard.press('-');
    await expect(speed.innerText()).resolves.toBe('0.5×');
    await page.keyboard.press('=');
    await expect(speed.innerText()).resolves.toBe('1×');
    const before = Number(await clock(page));
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForTimeout(500);
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    expect(Number(await clock(page))).toBeGreaterThan(before + 200);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a message selected in the sequence diagram is selected in the topology and the event log, and back', async () => {
    const { page, errors } = await open(1280);
    await page.locator('body').focus();
    // The cursor on u1's first request: it is on its way to the web server.
    for (let i = 0; i < 20 && !(await currentLine(page)).includes('browser:u1 GET /snoop'); i++)
      await page.keyboard.press('ArrowRight');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const diagram = page.getByRole('group', { name: /^Messages up to / });
    const arrow = diagram.getByRole('button', { name: /^http\.request from browser:u1 to ihs / });
    const dot = page
      .locator('figure.topology')
      .getByRole('button', { name: /^http\.request from browser:u1 to ihs/ });
    const line = page
      .getByRole('tabpanel', { name: 'Event log' })
      .locator('button.message', { hasText: 'http.request' })
      .first();
    await arrow.focus();
    await page.keyboard.press('Enter');
    await expect(arrow.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(dot.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(line.getAttribute('aria-pressed')).resolves.toBe('true');
    // Chosen again in the topology, it is let go everywhere.
    await dot.focus();
    await page.keyboard.press('Enter');
    await expect(arrow.getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(line.getAttribute('aria-pressed')).resolves.toBe('false');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('from the Network tab: holds up the message selected in flight, and partitions a process from a member until healed', async () => {
    const { page, errors } = await open(1280);
    await page.locator('body').focus();
    // The cursor on u1's first request: it is on its way to the web server.
    for (let i = 0; i < 20 && !(await currentLine(page)).includes('browser:u1 GET /snoop'); i++)
      await page.keyboard.press('ArrowRight');
    const dot = page
      .locator('figure.topology')
      .getByRole('button', { name: /^http\.request from browser:u1 to ihs/ });
    await dot.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Network' }).click();
    await expect(page.locator('section.actions').innerText()).resolves.toMatch(
      /Message \d+: http\.request browser:u1 → ihs/,
    );
    await page.getByRole('spinbutton', { name: /by/ }).fill('3');
    await page.getByRole('button', { name: 'Hold it up' }).click();
    expect(await currentLine(page)).toMatch(
      /delay-message \d+ 3: http\.request from browser:u1 to ihs is held up on the wire/,
    );
    // Still in flight 2 s later.
    await page.getByRole('slider', { name: 'Simulated time' }).focus();
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
    await settled(page);
    await expect(dot.count()).resolves.toBe(1);
    // A partition between ihs#1 and PluginMember1: drawn as a cut line, until healed.
    await page.getByRole('combobox', { name: 'One side of the partition' }).selectOption('ihs#1');
    await page.getByRole('combobox', { name: 'Other side of the partition' }).selectOption('PluginMember1');
    await page.getByRole('button', { name: 'Partition', exact: true }).click();
    await settled(page);
    await expect(page.locator('figure.topology .partitions line.partition').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Heal the partition' }).click();
    await settled(page);
    await expect(page.locator('figure.topology .partitions line.partition').count()).resolves.toBe(0);
    await page.screenshot({ path: 'test-results/lab-network-tab-1280.png' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('with reduced motion, plays in discrete steps: no moving canvas, the messages are SVG marks', async () => {
    const { page, errors } = await open(1280, '?members=4&processes=2&users=200&speed=0.1');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    // Messages are drawn as SVG marks as the nodes are updated, a few times a second.
    await page.locator('figure.topology .messages .dot').first().waitFor();
    expect(await page.locator('canvas.moving').isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows where the keyboard focus is on every kind of control', async () => {
    const { page, errors } = await open(1280);
    const outlines: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      outlines.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const style = getComputedStyle(el);
          const name = `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[${el.getAttribute('role')}]` : ''}`;
          const shown = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
          return `${name} ${shown ? 'outlined' : 'NOT OUTLINED'}`;
        }),
      );
    }
    expect(outlines.filter((o) => o.endsWith('NOT OUTLINED'))).toEqual([]);
    expect(new Set(outlines.map((o) => o.split(' ')[0])).size).toBeGreaterThan(2);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('plays, pauses, and seeks with the timeline', async () => {
    const { page, errors } = await open(1280, '?scenario=ten-steps&speed=1');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForTimeout(600);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForTimeout(100); // an advance already on its way to the simulation may still land
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
    await page.context().close();
  });

  it('shows one instant everywhere: the clock, the topology and the panels agree while playing and after a pause', async () => {
    const { page, errors } = await open(1280, '?members=2&processes=2&users=40&speed=1', 2400);
    await page.getByRole('group', { name: /^Messages up to / }).waitFor(); // the lower panels have loaded
    /** The instants the clock, the topology and the sequence diagram show, read at one moment. */
    const instants = () =>
      page.evaluate(() => {
        const clock = Number(
          document.querySelector('[aria-label="Simulated time"]')!.getAttribute('aria-valuenow'),
        );
        const topology = /Topology at ([\d.]+) s/.exec(
          document.querySelector('figure.topology title')!.textContent!,
        )![1]!;
        const diagram = /Messages up to ([\d.]+)s/.exec(
          document.querySelector('[aria-label^="Messages up to "]')!.getAttribute('aria-label')!,
        )![1]!;
        return [clock, Math.round(Number(topology) * 1000), Math.round(Number(diagram) * 1000)];
      });
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const [clock, topology, diagram] = await instants();
      expect([topology, diagram]).toEqual([clock, clock]);
      seen.add(clock!);
      await page.waitForTimeout(37);
    }
    expect(seen.size).toBeGreaterThan(5); // it played
    await page.getByRole('button', { name: 'Pause' }).click();
    await settled(page);
    const [clock, topology, diagram] = await instants();
    expect([topology, diagram]).toEqual([clock, clock]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('paced at the default speed, a message of the ten-steps failover is in flight on two screenshots 200 ms apart', async () => {
    const { page, errors } = await open(1280, '?scenario=ten-steps');
    expect(await page.getByRole('combobox', { name: 'Pace' }).inputValue()).toBe('paced');
    expect(await page.locator('label.speed output').innerText()).toBe('1×');
    // To the failover's mark-down (3.022 s), then play: the plug-in connects to PluginMember2, sends it
    // the request, PluginMember2 reads the session from the database…
    await page.locator('body').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('n');
    expect(await currentLine(page)).toContain('Marking was1node_PluginMember1 down');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.locator('canvas.moving').waitFor({ state: 'visible' });
    let first: number | null = null;
    /** The instant the page showed when the first screenshot found a message (at or before the canvas's). */
    let shown = 0;
    for (let i = 0; i < 100 && first === null; i++) {
      const started = Date.now();
      if ((await findColours(page, { dot: DOT_FILLS.light })).dot) {
        first = started;
        shown = Number(
          await page.getByRole('slider', { name: 'Simulated time' }).getAttribute('aria-valuenow'),
        );
      }
    }
    expect(first).not.toBeNull();
    await page.waitForTimeout(Math.max(0, first! + 200 - Date.now()));
    expect((await findColours(page, { dot: DOT_FILLS.light })).dot).not.toBeNull();
    // Meanwhile the simulated clock has moved by milliseconds, not seconds.
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(Number(await clock(page))).toBeLessThan(3200);
    // One and the same message was in flight on both screenshots: one still in flight now was sent before
    // the first.
    const sent = await page
      .locator('figure.topology .dot[data-sent]')
      .evaluateAll((dots) => dots.map((d) => Number(d.getAttribute('data-sent'))));
    expect(sent.some((t) => t <= shown)).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('while playing, messages move on the canvas and can be picked there; paused, they are SVG buttons', async () => {
    // Tall enough that the logs (loaded when scrolled near) show below the topology; users enough that
    // messages are always on their way once they have thought for a while (a tenth of the run).
    const { page, errors } = await open(1280, '?members=2&processes=2&users=200&speed=0.1', 2400);
    await page.getByRole('tab', { name: 'Event log' }).click();
    await page.getByRole('slider', { name: 'Simulated time' }).focus();
    await page.keyboard.press('PageUp');
    expect(Number(await clock(page))).toBeGreaterThan(10000);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const canvas = page.locator('canvas.moving');
    await canvas.waitFor({ state: 'visible' });
    // While the canvas shows the messages, no SVG dots are left.
    await page.waitForFunction(() => document.querySelectorAll('.topology .dot').length === 0);
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    const clockPast = (t: number) =>
      page.waitForFunction(
        (t) =>
          Number(document.querySelector('[aria-label="Simulated time"]')!.getAttribute('aria-valuenow')) > t,
        t,
      );
    // The page hidden holds the player's clock; shown again, the run plays on.
    await setHidden(true);
    await stillCanvas(page);
    const held = await clock(page);
    await page.waitForTimeout(300);
    expect(await clock(page)).toBe(held);
    await setHidden(false);
    await clockPast(Number(held));
    // Held, the canvas keeps the last messages drawn, and a click on one of them (found in a screenshot)
    // picks it.
    let dot: { x: number; y: number } | null = null;
    for (let i = 0; i < 50 && !dot; i++) {
      await setHidden(true);
      await stillCanvas(page); // the last frame drawn before the hold has reached the screen
      dot = (await findColours(page, { dot: DOT_FILLS.light })).dot ?? null;
      if (!dot) {
        await setHidden(false);
        await page.waitForTimeout(100);
      }
    }
    expect(dot).not.toBeNull();
    await page.mouse.click(dot!.x, dot!.y + 3);
    // Paused while still held, the run stands at the very instant the canvas showed (the player advanced
    // no further): the picked message is in flight there, so it is an SVG button now, and the selected
    // one. The log has its full length again (RECENT entries up to that instant), the picked message's
    // line among them. Not after playing on: which message is picked depends on how many frames the
    // player drew before the hold, and by a later pause the log's window may have moved past its line
    // (a message in flight on the first frame, at 30.000 s, was sent 470 to 620 entries before the
    // sessions' time-based writes are committed at 30.010 s).
    await page.getByRole('button', { name: 'Pause' }).click();
    await settled(page);
    await expect(canvas.isHidden()).resolves.toBe(true);
    const picked = page.locator('figure.topology .dot.selected');
    expect(await picked.count()).toBe(1);
    expect(await picked.getAttribute('aria-pressed')).toBe('true');
    expect(
      await page.getByRole('tabpanel', { name: 'Event log' }).locator('li.selected').count(),
    ).toBeGreaterThan(0);
    await setHidden(false);
    // Paused, the messages still in flight are SVG buttons.
    await page.keyboard.press('Home');
    await settled(page);
    for (let i = 0; i < 12 && (await page.locator('.dot[role="button"]').count()) === 0; i++) {
      await page.keyboard.press('ArrowRight');
      await settled(page);
    }
    expect(await page.locator('.dot[role="button"]').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('redraws the moving messages in the colours of a theme chosen while playing', async () => {
    // Users enough that messages are always on their way once they have thought for a while.
    const { page, errors } = await open(1280, '?members=2&processes=2&users=200&speed=0.1');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('slider', { name: 'Simulated time' }).focus();
    await page.keyboard.press('PageUp');
    await settled(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.locator('canvas.moving').waitFor({ state: 'visible' });
    /** Waits until a message is drawn in one theme's colours, and says whether the other's show too. */
    const drawnIn = async (theme: 'light' | 'dark') => {
      const other = theme === 'light' ? 'dark' : 'light';
      for (let i = 0; i < 100; i++) {
        const found = await findColours(page, DOT_FILLS);
        if (found[theme]) return { [theme]: true, [other]: found[other] !== null };
        await page.waitForTimeout(50);
      }
      return { [theme]: false };
    };
    expect(await drawnIn('light')).toEqual({ light: true, dark: false });
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await drawnIn('dark')).toEqual({ dark: true, light: false });
    expect(errors).toEqual([]);
    await page.context().close();
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
    await expect(topology.innerText()).resolves.toMatch(/PluginMember1\s+marked down\s+retry in \d+\.\d s/);
    // The failover is drawn: PluginMember1 crashed, PluginMember2 holds the session, and the sequence
    // diagram shows the refused connection, the mark-down and the request sent on to PluginMember2.
    await expect(topology.innerText()).resolves.toMatch(/PluginMember1\s+(CloneID \w+\s+)?✖ crashed/);
    await expect(topology.innerText()).resolves.toMatch(/PluginMember2[\s\S]*0001\w+… n=5/);
    await page.getByRole('group', { name: /^Messages up to / }).scrollIntoViewIfNeeded();
    const diagram = page.getByRole('group', { name: /^Messages up to / });
    await diagram
      .getByRole('button', { name: /^tcp\.refused from PluginMember1 to ihs#1 / })
      .first()
      .waitFor();
    await diagram
      .getByRole('button', { name: /^http\.request from ihs#1 to PluginMember2 / })
      .first()
      .waitFor();
    await expect(diagram.textContent()).resolves.toContain('marked down PluginMember1');
    // The logs load when scrolled into view.
    await page.getByRole('tab', { name: 'Plug-in log' }).click();
    await page
      .getByRole('tabpanel', { name: 'Plug-in log' })
      .getByText('serverSetFailoverStatus: Marking was1node_PluginMember1 down')
      .first()
      .waitFor();
    await page.getByRole('tab', { name: 'Event log' }).click();
    await page
      .getByRole('tabpanel', { name: 'Event log' })
      .getByText('crash PluginMember1: the JVM is killed')
      .first()
      .waitFor();
    // The tabs follow the arrow keys.
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Plug-in log' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('tab', { name: 'Event log' }).getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: 'test-results/lab-failover-1280.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  for (const width of [360, 1280]) {
    it(`keeps every label of the topology inside its box, and the sequence diagram's lane names apart, at ${width} px, in a busy sandbox, an unreachable host and after a mark-down`, async () => {
      const { page, errors } = await open(width, '?members=4&processes=3&users=200');
      await page.getByRole('slider', { name: 'Simulated time' }).focus();
      await page.keyboard.press('PageUp'); // three-digit counts of users and stored sessions by now
      await settled(page);
      expect(await spilledLabels(page)).toEqual([]);
      expect(await page.locator('figure.topology text').count()).toBeGreaterThan(40);
      // An overloaded member's longer state line keeps clear of its clone ID.
      await page.getByRole('button', { name: 'Overload for 30 s' }).click();
      await settled(page);
      await expect(page.locator('figure.topology').innerText()).resolves.toContain('overloaded');
      expect(await spilledLabels(page)).toEqual([]);
      expect(await overlappingLabels(page)).toEqual([]);
      // So does a member whose host is off the network.
      await page.getByRole('button', { name: 'Host unreachable' }).click();
      await settled(page);
      await expect(page.locator('figure.topology').innerText()).resolves.toContain('host unreachable');
      expect(await spilledLabels(page)).toEqual([]);
      expect(await overlappingLabels(page)).toEqual([]);
      // Nor do the sequence diagram's lane names (four members, three processes, the browsers, the store).
      await page.getByRole('heading', { name: 'Sequence diagram' }).scrollIntoViewIfNeeded();
      await expect.poll(() => page.locator('svg.head text.lane-name').count()).toBeGreaterThan(8);
      expect(await overlappingLaneNames(page)).toEqual([]);
      // The end of the ten steps: ihs#1 shows PluginMember1 marked down with its retry countdown.
      await page.goto(`${BASE}?scenario=ten-steps`);
      await page.getByRole('slider', { name: 'Simulated time' }).focus();
      await page.keyboard.press('End');
      await settled(page);
      await expect(page.locator('figure.topology').innerText()).resolves.toMatch(
        /PluginMember1\s+marked down/,
      );
      expect(await spilledLabels(page)).toEqual([]);
      expect(await overlappingLabels(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it('the configuration panel refuses a bad RetryInterval by name; with RefreshInterval it restarts the run and the mark-down shows the new retry deadline; alone, RetryInterval is an edit of plugin-cfg.xml and the run goes on', async () => {
    const { page, errors } = await open(1280, '?scenario=ten-steps');
    await page.getByRole('button', { name: 'Configuration' }).click();
    const retry = page.getByRole('textbox', { name: 'RetryInterval' });
    await retry.waitFor();
    expect(await retry.inputValue()).toBe('60');
    await retry.fill('ten');
    await page.getByRole('button', { name: 'Apply 1 change' }).click();
    await expect.poll(() => retry.getAttribute('aria-invalid')).toBe('true');
    const said = await page.locator('.config .error').first().innerText();
    expect(said).toBe('must be a whole number from 0 to 600, got "ten"');
    expect(await page.getByRole('alert').filter({ hasText: 'Nothing was applied' }).count()).toBe(1);
    await retry.fill('10');
    // RefreshInterval is read when a process starts: with it, the run starts again from 0 s.
    await page.getByRole('textbox', { name: 'RefreshInterval' }).fill('30');
    await expect(page.locator('.config .what').innerText()).resolves.toMatch(/Starts the run again from 0 s/);
    await page.getByRole('button', { name: 'Apply 2 changes' }).click();
    await settled(page);
    // The panel now shows the run's configuration: 10, marked as differing from the default.
    await expect.poll(() => retry.inputValue()).toBe('10');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.locator('body').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('n');
    expect(await currentLine(page)).toContain('Marking was1node_PluginMember1 down');
    await expect(page.locator('figure.topology').innerText()).resolves.toMatch(/retry in 10\.0 s/);
    // The lesson's narration says the run no longer follows its script.
    await expect(page.locator('section.lesson').innerText()).resolves.toMatch(
      /left the lesson's script at 0\.000s: the configuration changed \(plugin\.refreshInterval, plugin\.cluster\.retryInterval\)/,
    );
    // RetryInterval alone, now: an edit of plugin-cfg.xml at this instant; the run goes on from here.
    const before = await clock(page);
    await page.getByRole('button', { name: 'Configuration' }).click();
    await retry.fill('20');
    await expect(page.locator('.config .what').innerText()).resolves.toMatch(
      /Edits plugin-cfg\.xml at .*; the run goes on, and each web server process reads the file again with the first request it takes once 30 s \(RefreshInterval\) have passed/,
    );
    await page.getByRole('button', { name: 'Apply 1 change' }).click();
    await settled(page);
    expect(await clock(page)).toBe(before);
    // The edit is in the run (the lesson lists what the run shows since it left the script).
    await expect(page.locator('section.lesson').innerText()).resolves.toContain(
      'plugin-cfg plugin.cluster.retryInterval=20: the administrator edits plugin-cfg.xml',
    );
    await expect.poll(() => retry.inputValue()).toBe('20');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('at 360 px every control is at least 24 px each way (WCAG 2.2 target size), in a lesson with the configuration open and in the sandbox', async () => {
    /** The controls of the page smaller than 24 × 24 CSS px, named. */
    const smallTargets = (page: Page) =>
      page.evaluate(() => {
        const out: string[] = [];
        const controls = document.querySelectorAll(
          'button, a[href], input, select, textarea, summary, [role="button"], [role="tab"], [role="slider"], [tabindex]:not([tabindex="-1"])',
        );
        for (const el of controls) {
          const r = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          if ((r.width === 0 && r.height === 0) || style.visibility === 'hidden') continue;
          if (r.width < 24 || r.height < 24)
            out.push(
              `${el.tagName.toLowerCase()} ${r.width.toFixed(1)}×${r.height.toFixed(1)} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}`,
            );
        }
        return out;
      });
    /** Scrolls to the end (the lower views load when near) and back. */
    const everything = async (page: Page) => {
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.getByRole('tab', { name: 'Event log' }).waitFor();
      await page.getByRole('tab', { name: 'JSESSIONID' }).waitFor();
      await settled(page);
    };
    const { page, errors } = await open(360, '?scenario=recovery-window');
    await page.locator('section.lesson').waitFor();
    await page.getByRole('button', { name: 'Configuration' }).click();
    await page.getByRole('textbox', { name: 'RetryInterval' }).waitFor();
    await everything(page);
    // Paused at a moment with messages in flight: the topology's message buttons count too.
    const dots = page.locator('figure.topology .dot[role="button"]');
    for (let i = 0; i < 30 && (await dots.count()) === 0; i++) {
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await settled(page);
    }
    expect(await dots.count()).toBeGreaterThan(0);
    expect(await smallTargets(page)).toEqual([]);
    await page.goto(`${BASE}?members=3&processes=2&users=6`);
    await page.getByRole('group', { name: /^Topology at / }).waitFor();
    await page.getByRole('button', { name: 'Crash PluginMember1' }).waitFor();
    await page.getByRole('button', { name: 'Configuration' }).click();
    await page.getByRole('button', { name: 'Start a new run' }).waitFor();
    await everything(page);
    expect(await smallTargets(page)).toEqual([]);
    // The actions' other tabs.
    for (const tab of ['User u1', 'Web server, store', 'Network']) {
      await page.getByRole('tab', { name: tab }).click();
      expect(await smallTargets(page)).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('opens the sandbox from the scenario list and resizes it under Configuration', async () => {
    const { page, errors } = await open(1280);
    await page.getByRole('combobox', { name: 'Scenario' }).selectOption('sandbox');
    await page.getByRole('button', { name: 'Configuration' }).click();
    await page.getByRole('button', { name: 'Start a new run' }).waitFor();
    await settled(page);
    const topology = page.getByRole('group', { name: /^Topology at / });
    await expect(topology.getAttribute('aria-labelledby')).resolves.toBeTruthy();
    await page.getByLabel('Cluster members', { exact: true }).fill('5');
    await page.getByLabel('Users', { exact: true }).fill('40');
    await page.getByRole('button', { name: 'Start a new run' }).click();
    await settled(page);
    await page.getByRole('group', { name: /40 browsers/ }).waitFor();
    expect(await page.locator('figure.topology .members > g').count()).toBe(5);
    // Out of range: named, and the run stays as it is.
    await page.getByLabel('Cluster members', { exact: true }).fill('40');
    await page.getByRole('button', { name: 'Start a new run' }).click();
    expect(await page.getByRole('alert').innerText()).toContain(
      'Cluster members: must be a whole number from 1 to 12',
    );
    expect(await page.locator('figure.topology .members > g').count()).toBe(5);
    await page.screenshot({ path: 'test-results/lab-sandbox-1280.png' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the keys and the sources on ? (loaded when first asked for) and closes with Escape', async () => {
    const { page, errors } = await open(1280);
    await page.locator('body').focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Help' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('step back one event');
    expect(await dialog.innerText()).toContain('WebSphere 5.1 Redbook: Session failover inside the plug-in');
    expect(await dialog.getByRole('listitem').count()).toBeGreaterThan(25);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('runs the simulation in the page itself when the page may not start a worker', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A host page whose content security policy forbids workers.
    await page.route(
      (url) => url.pathname === '/',
      async (route) => {
        const response = await route.fetch();
        await route.fulfill({
          response,
          headers: { ...response.headers(), 'content-security-policy': "worker-src 'none'" },
        });
      },
    );
    await page.goto(`${BASE}?scenario=ten-steps`);
    await page.getByRole('group', { name: /^Topology at 0\.000 s: [1-9]\d* browsers/ }).waitFor();
    await settled(page);
    const before = await currentLine(page);
    await page.locator('body').focus();
    await page.keyboard.press('ArrowRight');
    const after = await currentLine(page);
    expect(after).not.toBe(before);
    expect(after.length).toBeGreaterThan(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
    // A route handler still at work when the page closes must not outlive it.
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.context().close();
  });

  it('at 1280 × 800, the topology, the plug-in’s steps, the actions and the user’s page are in view together: at every part of ten-steps, and in the sandbox', async () => {
    /** The panels that must be in view, each with its top and bottom, and the page's scroll. */
    const inView = (page: Page) =>
      page.evaluate(() => {
        const panel = (selector: string) => {
          const el = document.querySelector(selector)?.closest('.panel');
          if (!el) return `${selector}: missing`;
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= innerHeight ? 'in view' : `${selector}: ${r.top}–${r.bottom}`;
        };
        const lesson = document.querySelector('section.lesson') ? ['section.lesson'] : [];
        return {
          scrolled: scrollY,
          wide: document.documentElement.scrollWidth > innerWidth,
          panels: ['section.topo', 'section.walk', 'section.actions', 'section.browser-panel', ...lesson].map(
            panel,
          ),
        };
      });
    const allInView = (n: number) => ({ scrolled: 0, wide: false, panels: Array(n).fill('in view') });
    const { page, errors } = await open(1280, '?scenario=ten-steps', 800);
    await page.locator('section.lesson').waitFor();
    await page.locator('section.actions').waitFor();
    const continueButton = page.getByRole('button', { name: 'Continue' });
    let parts = 0;
    for (; parts < 20; parts++) {
      expect(await inView(page), `at part ${parts}`).toEqual(allInView(5));
      if (!(await continueButton.isEnabled())) break;
      await continueButton.click();
      await settled(page);
    }
    expect(parts).toBe(15);
    await page.screenshot({ path: 'test-results/lab-ten-steps-1280x800.png' });
    await page.goto(`${BASE}?members=3&processes=2&users=6`);
    await page.locator('section.actions').waitFor();
    await settled(page);
    expect(await inView(page)).toEqual(allInView(4));
    // Still so once the users' requests have gone through the plug-in.
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next event' }).click();
    await settled(page);
    expect(await page.locator('section.walk li').count()).toBe(10);
    expect(await inView(page)).toEqual(allInView(4));
    await page.screenshot({ path: 'test-results/lab-sandbox-1280x800.png' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('at 1920 × 1080 (a projector), every text and node label is at least 16 px, and the zoom control makes them larger', async () => {
    /** The smallest text drawn in the lab, in screen pixels, with where it is. */
    const smallestText = (page: Page) =>
      page.evaluate(() => {
        let smallest = { px: Infinity, text: '' };
        const walker = document.createTreeWalker(document.querySelector('main.lab')!, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          if (!n.textContent!.trim() || !el || el.closest('.sr-only, title, option')) continue;
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
          const size = parseFloat(getComputedStyle(el).fontSize);
          // HTML text is zoomed with the lab; SVG text also by its drawing's scale (both in the CTM).
          const px =
            el instanceof SVGGraphicsElement ? size * el.getScreenCTM()!.a : size * el.currentCSSZoom;
          if (px < smallest.px) smallest = { px, text: n.textContent!.trim().slice(0, 40) };
        }
        return smallest;
      });
    const { page, errors } = await open(1920, '?scenario=ten-steps', 1080);
    await page.locator('section.lesson').waitFor();
    for (let i = 0; i < 9; i++) await page.getByRole('button', { name: 'Continue' }).click();
    await settled(page);
    // The lower views (sequence diagram, logs, inspectors) load when scrolled near.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.getByRole('tab', { name: 'Event log' }).waitFor();
    // The statechart inspector's drawing counts too.
    await page.getByRole('tab', { name: 'Statecharts' }).click();
    await page.getByRole('img', { name: /^Statechart of / }).waitFor({ timeout: 15_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const zoom = page.getByRole('combobox', { name: 'Zoom' });
    expect(await zoom.locator('option:checked').innerText()).toBe('auto (125%)');
    const auto = await smallestText(page);
    expect(auto.px, auto.text).toBeGreaterThanOrEqual(16);
    const label = page.locator('figure.topology .members text.name').first();
    const labelHeight = async () => (await label.boundingBox())!.height;
    const before = await labelHeight();
    // 150%: the text grows with the zoom, and the topology too (its side column keeps its narrowest width).
    await zoom.selectOption('1.5');
    expect((await smallestText(page)).px).toBeGreaterThan(auto.px * 1.15);
    expect(await labelHeight()).toBeGreaterThan(before * 1.05);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    await page.screenshot({ path: 'test-results/lab-1920-zoom-150.png' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('draws the plug-in walk’s statechart with ELK, the states the walk is in marked and brought into view', async () => {
    const { page, errors } = await open(1280);
    await page.locator('body').focus();
    // The failover's walk at the lesson's ninth part: it has marked PluginMember1 down and tries another.
    const next = page.getByRole('button', { name: 'Continue' });
    for (let i = 0; i < 9; i++) {
      await next.click();
      await settled(page);
    }
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.getByRole('tab', { name: 'Statecharts' }).click();
    const chart = page.getByRole('img', { name: /^Statechart of the request in the plug-in: \d+ states/ });
    await chart.waitFor({ timeout: 15_000 });
    const marked = page.locator('.chart g.state.active:not(.compound) > rect').first();
    await expect(marked.count()).resolves.toBe(1);
    // The marked state is inside the chart's scrolling box, in view.
    const [box, state] = await Promise.all([
      page.locator('.chart .scroll').boundingBox(),
      marked.boundingBox(),
    ]);
    expect(state!.x).toBeGreaterThanOrEqual(box!.x);
    expect(state!.y).toBeGreaterThanOrEqual(box!.y);
    expect(state!.x + state!.width).toBeLessThanOrEqual(box!.x + box!.width);
    expect(state!.y + state!.height).toBeLessThanOrEqual(box!.y + box!.height);
    const axe = await new AxeBuilder({ page }).include('.chart').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await page.locator('.chart').screenshot({ path: 'test-results/lab-statechart-1280.png' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('has the views below the first one ready before they are scrolled to (loaded when the page is idle)', async () => {
    const { page, errors } = await open(360);
    // Far below the fold on a phone; nobody scrolled.
    await page
      .getByRole('heading', { name: 'Sequence diagram' })
      .waitFor({ state: 'attached', timeout: 10_000 });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const top = await page
      .getByRole('heading', { name: 'Sequence diagram' })
      .evaluate((h) => h.getBoundingClientRect().top);
    expect(top).toBeGreaterThan(800);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('while playing, the views below follow the run only when in view; paused, always', async () => {
    const { page, errors } = await open(1280, '?scenario=ten-steps&speed=4', 600);
    const diagram = page.getByRole('group', { name: /^Messages up to / });
    await diagram.waitFor({ state: 'attached', timeout: 10_000 });
    const shownUpTo = () => diagram.getAttribute('aria-label');
    const atStart = await shownUpTo();
    const lowerTop = await page.locator('.lower').evaluate((e) => e.getBoundingClientRect().top);
    expect(lowerTop).toBeGreaterThanOrEqual(600);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[aria-label="Simulated time"]')?.getAttribute('aria-valuenow')) > 500,
    );
    // Out of view, the diagram kept what it showed.
    expect(await shownUpTo()).toBe(atStart);
    // Scrolled to, it follows the run while it plays.
    await page.getByRole('heading', { name: 'Sequence diagram' }).scrollIntoViewIfNeeded();
    await expect.poll(shownUpTo, { timeout: 5000 }).not.toBe(atStart);
    const followed = await shownUpTo();
    await expect.poll(shownUpTo, { timeout: 5000 }).not.toBe(followed);
    // Back out of view and paused: it shows the instant the clock shows.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('button', { name: 'Pause' }).click();
    await settled(page);
    const t = Number(await clock(page));
    await expect.poll(shownUpTo).toBe(`Messages up to ${(t / 1000).toFixed(3)}s`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps the address on what it shows: a copied link reopens the same frame after the user’s own fault', async () => {
    const { page, errors } = await open(1280);
    const slider = page.getByRole('slider', { name: 'Simulated time' });
    await slider.focus();
    await page.keyboard.press('PageUp'); // 1 s
    await page.getByRole('combobox', { name: 'Cluster member to act on' }).selectOption('PluginMember2');
    await page.getByRole('button', { name: 'Crash PluginMember2' }).click();
    await settled(page);
    await slider.focus();
    for (let i = 0; i < 2; i++) await page.keyboard.press('PageUp'); // 3 s
    await page.locator('body').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight'); // three entries on: inside an instant
    await settled(page);
    // What the page shows, every part of it that names the moment.
    const what = async (p: Page) => ({
      clock: await clock(p),
      current: await currentLine(p),
      topology: await p.locator('figure.topology').innerText(),
      walk: await p
        .getByRole('heading', { name: /^Inside the plug-in/ })
        .locator('xpath=..')
        .innerText(),
      user: await p.getByRole('heading', { name: 'What the user sees' }).locator('xpath=..').innerText(),
      lesson: await p.getByRole('heading', { name: 'Lesson' }).locator('xpath=..').innerText(),
    });
    const before = await what(page);
    // The address is written at most every 0.25 s: the moment shown is there once the last one is.
    await expect
      .poll(() => page.evaluate(() => location.search), { timeout: 5000 })
      .toMatch(new RegExp(`[?&]at=1\\+crash\\+PluginMember2&t=${Number(before.clock) / 1000}(&|$)`));
    const link = await page.evaluate(() => location.href);
    expect(new URL(link).searchParams.get('v')).toBe('1');
    const again = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const other = await again.newPage();
    await other.goto(link);
    await other.getByRole('group', { name: /^Topology at / }).waitFor();
    // The lesson's words come once the lessons have loaded, as on the first page.
    await expect.poll(() => what(other), { timeout: 5000 }).toEqual(before);
    expect(before.lesson).toMatch(/left|script/i);
    expect(await other.locator('[role="alert"]').count()).toBe(0);
    await again.close();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('saves the run as a file and opens it in another page at the same moment; a bad file changes nothing', async () => {
    const { page, errors } = await open(1280);
    const slider = page.getByRole('slider', { name: 'Simulated time' });
    await slider.focus();
    await page.keyboard.press('PageUp');
    await page.getByRole('button', { name: 'Crash PluginMember1' }).click();
    await slider.focus();
    await page.keyboard.press('PageUp');
    await settled(page);
    const before = { clock: await clock(page), topology: await page.locator('figure.topology').innerText() };
    // The panel chosen last is the run's too.
    await page.getByRole('tab', { name: 'Network' }).click();
    await page.getByRole('button', { name: 'Share' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save the run' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('failover-lab-ten-steps-seed1-t2s.json');
    const file = await download.path();
    const other = (await open(1280)).page;
    await other.getByRole('button', { name: 'Share' }).click();
    // A file that is not a run: named, and the page stays where it was.
    await other.getByLabel('Open a saved run').setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello": 1}'),
    });
    await expect(other.getByRole('alert').innerText()).resolves.toContain('notes.json: not a run of the lab');
    expect(await clock(other)).toBe('0');
    // A run of a later version of the lab: named, and nothing changes.
    await other.getByLabel('Open a saved run').setInputFiles({
      name: 'later.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format": "failover-lab run", "version": 7, "scenario": "ten-steps"}'),
    });
    await expect
      .poll(() => other.getByRole('alert').innerText())
      .toContain(
        'later.json: a run file of version 7, made by a later version of the lab; this one reads version 1',
      );
    expect(await clock(other)).toBe('0');
    await other.getByLabel('Open a saved run').setInputFiles(file);
    await expect.poll(() => clock(other)).toBe(before.clock);
    expect(await other.getByRole('tab', { name: 'Network' }).getAttribute('aria-selected')).toBe('true');
    expect(await other.locator('figure.topology').innerText()).toBe(before.topology);
    await expect.poll(() => other.evaluate(() => location.search)).toMatch(/at=1\+crash\+PluginMember1/);
    await other.context().close();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('writes the run out for documents: Mermaid, Markdown, and the topology as SVG and PNG', async () => {
    const { page, errors } = await open(1280, '?scenario=ten-steps&t=3.1');
    await page.getByRole('button', { name: 'Share' }).click();
    const saved = async (name: string): Promise<{ file: string; bytes: Buffer }> => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name }).click(),
      ]);
      const { readFileSync } = await import('node:fs');
      return { file: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
    };
    const mermaid = await saved('Mermaid sequence diagram');
    expect(mermaid.file).toBe('failover-lab-ten-steps-seed1-t3.1s.mmd');
    expect(mermaid.bytes.toString()).toMatch(/^sequenceDiagram\n {4}title The ten steps/);
    expect(mermaid.bytes.toString()).toContain('participant');
    const markdown = (await saved('Markdown transcript')).bytes.toString();
    expect(markdown).toMatch(/^# The ten steps of a failover inside the plug-in\n/);
    expect(markdown).toContain('**3.022s** Step 6.');
    expect(markdown).toContain(`Link: <${BASE}?v=1&scenario=ten-steps&seed=1&t=3.1>`);
    const svg = (await saved('Topology as SVG')).bytes.toString();
    expect(svg).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
    );
    expect(svg).toContain('PluginMember1');
    expect(svg).toContain('<title>The ten steps of a failover inside the plug-in at 3.100s</title>');
    expect(svg).not.toContain('class=');
    // The PNG is the SVG as a browser draws it on its own, without the page.
    const png = (await saved('Topology as PNG')).bytes;
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(png.length).toBeGreaterThan(5000);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('opens the panel the address names, and the address names the panel the user chose last', async () => {
    const { page, errors } = await open(1280, '?scenario=ten-steps&t=3.1&panel=server-tables', 800);
    const tab = page.getByRole('tab', { name: 'Server tables' });
    await expect.poll(() => tab.getAttribute('aria-selected'), { timeout: 10_000 }).toBe('true');
    // Brought into view: the inspectors' heading is on screen.
    await expect
      .poll(() =>
        page.getByRole('heading', { name: 'Inspectors' }).evaluate((h) => h.getBoundingClientRect().top),
      )
      .toBeLessThan(800);
    const search = () => page.evaluate(() => location.search);
    await expect.poll(search).toMatch(/&t=3\.1&panel=server-tables$/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('tab', { name: 'Network' }).click();
    await expect.poll(search).toMatch(/&panel=actions-network$/);
    await page.getByRole('button', { name: 'Configuration' }).click();
    await expect.poll(search).toMatch(/&panel=configuration$/);
    // And a link to the configuration opens it.
    await page.goto(`${BASE}?scenario=ten-steps&panel=configuration`);
    await page.getByRole('heading', { name: 'Configuration' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('embedded: a custom element, mount() and an iframe on one page, each its own lab; the iframe obeys its page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${BASE}embed-example.html`);
    const element = page.locator('#element-lab');
    const mounted = page.locator('#mounted-lab');
    const clockOf = (lab: ReturnType<Page['locator']>) =>
      lab.getByRole('slider', { name: 'Simulated time' }).getAttribute('aria-valuenow');
    await expect.poll(() => clockOf(element), { timeout: 10_000 }).toBe('3020');
    await expect.poll(() => clockOf(mounted), { timeout: 10_000 }).toBe('0');
    // No id twice on the page: each lab has its own.
    const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
    // Playing one leaves the other where it is; its keys stay its own.
    await element.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => clockOf(element).then(Number)).toBeGreaterThan(3020);
    await element.getByRole('button', { name: 'Pause' }).click();
    await mounted
      .getByRole('button', { name: /^Step\b/ })
      .first()
      .focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => clockOf(mounted).then(Number)).toBeGreaterThan(0);
    const elementAt = await clockOf(element);
    await page.locator('h1').click();
    await page.keyboard.press(' ');
    await page.waitForTimeout(300);
    expect(await clockOf(element)).toBe(elementAt);
    // The embedded lab has its way out to the full lab, at its moment.
    const out = await element.getByRole('link', { name: /Open in the full lab/ }).getAttribute('href');
    expect(out).toMatch(new RegExp(`^${BASE.replace(/[.?]/g, '\\$&')}\\?v=1&scenario=ten-steps&seed=1&t=`));
    // The iframe: commanded by its page, it answers.
    const frame = page.frameLocator('#framed-lab');
    const heard = page.locator('#heard');
    await expect.poll(() => heard.innerText(), { timeout: 10_000 }).toMatch(/Ready|start of the lesson|Part/);
    await page.locator('.host-controls').getByRole('button', { name: 'Go to 2 s' }).click();
    await expect.poll(() => clockOf(frame.locator('main'))).toBe('2000');
    const host = page.locator('.host-controls');
    await host.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => clockOf(frame.locator('main')).then(Number)).toBeGreaterThan(2000);
    await host.getByRole('button', { name: 'Pause', exact: true }).click();
    await frame.getByRole('button', { name: 'Play', exact: true }).waitFor();
    // Its height is told, and the page sets the iframe to it.
    await expect
      .poll(() => page.locator('#framed-lab').evaluate((f) => (f as HTMLIFrameElement).style.height))
      .toMatch(/^\d+px$/);
    await host.getByRole('button', { name: 'Load another lesson' }).click();
    await expect.poll(() => frame.locator('.embedded-title').innerText()).toContain('overload');
    // A command it cannot carry out is answered with why; one of another shape is ignored.
    await page.evaluate(() => {
      const w = (document.getElementById('framed-lab') as HTMLIFrameElement).contentWindow!;
      w.postMessage({ type: 'failover-lab', command: 'explode' }, location.origin);
      w.postMessage({ hello: 'world' }, location.origin);
      w.postMessage('play', location.origin);
    });
    await expect
      .poll(() => heard.innerText())
      .toBe('The lab said: no command "explode" (load, play, pause, step, seek)');
    expect(await frame.getByRole('button', { name: 'Play', exact: true }).count()).toBe(1);
    // A bad attribute is named in the lab, which opens with the rest.
    await page.evaluate(() => {
      const lab = document.createElement('failover-lab');
      lab.id = 'bad-lab';
      lab.setAttribute('scenario', 'nope');
      lab.setAttribute('colour', 'red');
      document.body.append(lab);
    });
    const alert = page.locator('#bad-lab [role="alert"]');
    await expect
      .poll(() => alert.innerText(), { timeout: 10_000 })
      .toContain('failover-lab attribute colour: unknown');
    expect(await alert.innerText()).toContain('failover-lab attribute scenario=nope: no such scenario');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('embedded with a start beat: a lesson opens at that part; a sandbox says it has none and plays anyway', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const embedded = async (query: string): Promise<Page> => {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(BASE + query);
      await page.getByRole('group', { name: /^Topology at / }).waitFor();
      return page;
    };
    const lesson = await embedded('?scenario=ten-steps&embed=1&beat=6');
    await expect.poll(() => lesson.getByText(/^part 6 of 15$/).count(), { timeout: 10_000 }).toBe(1);
    const sandbox = await embedded('?members=3&embed=1&beat=2&autoplay=1');
    await expect
      .poll(() => sandbox.getByRole('alert').innerText(), { timeout: 10_000 })
      .toContain('beat=2: the sandbox has no lesson; it opens at its start');
    await expect
      .poll(
        () =>
          sandbox.getByRole('slider', { name: 'Simulated time' }).getAttribute('aria-valuenow').then(Number),
        {
          timeout: 10_000,
        },
      )
      .toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('imports a plugin-cfg.xml: its cluster runs with its names, and its backup server takes the requests when both primaries are down; bad files change nothing', async () => {
    const { page, errors } = await open(1280);
    await page.getByRole('button', { name: 'Configuration' }).click();
    const file = page.getByLabel('plugin-cfg.xml file');
    const section = page.getByRole('region', { name: 'Bring your own plugin-cfg.xml' });
    // Not XML, and not a plugin-cfg.xml: named, and the run stays the ten steps at 0 s.
    await file.setInputFiles({
      name: 'broken.xml',
      mimeType: 'text/xml',
      buffer: Buffer.from('<Config>\n  <ServerCluster Name="x">\n</Config>'),
    });
    await expect
      .poll(() => section.getByRole('alert').innerText())
      .toMatch(/broken\.xml: The file is not well-formed XML: line \d+, column \d+: /);
    await file.setInputFiles({
      name: 'huge.xml',
      mimeType: 'text/xml',
      buffer: Buffer.alloc(1_500_000, ' '),
    });
    await expect
      .poll(() => section.getByRole('alert').innerText())
      .toContain('huge.xml: 1,500,000 bytes, more than the 1,000,000 the lab reads');
    await section.getByText('Paste plugin-cfg.xml').click();
    await section
      .getByLabel('Its text')
      .fill('<server><name>&lt;img src=x onerror=alert(1)&gt;</name></server>');
    await section.getByRole('button', { name: 'Read it' }).click();
    await expect(section.getByRole('alert').innerText()).resolves.toContain(
      'The pasted text: This is not a plugin-cfg.xml: its root element is <server>',
    );
    // A cluster's name from the file is text, never markup.
    await section
      .getByLabel('Its text')
      .fill(
        readFileSync('docs/examples/plugin-cfg.xml', 'utf8').replace(
          '"ShopCluster"',
          '"&lt;b&gt;Shop&lt;/b&gt;"',
        ),
      );
    await section.getByRole('button', { name: 'Read it' }).click();
    await expect(section.innerText()).resolves.toContain('ServerCluster <b>Shop</b>');
    expect(await section.locator('b').count()).toBe(0);
    expect(await page.getByRole('combobox', { name: 'Scenario' }).inputValue()).toBe('ten-steps');
    expect(await clock(page)).toBe('0');
    // A value out of range: the cluster is not run, and the problem says where.
    await file.setInputFiles({
      name: 'heavy.xml',
      mimeType: 'text/xml',
      buffer: Buffer.from(
        readFileSync('docs/examples/plugin-cfg.xml', 'utf8').replace(
          'LoadBalanceWeight="2"',
          'LoadBalanceWeight="200"',
        ),
      ),
    });
    await expect
      .poll(() => section.getByRole('alert').innerText())
      .toContain(
        'Server "nodeA_shop1" LoadBalanceWeight="200": must be a whole number from 0 to 100, got 200',
      );
    expect(await section.getByRole('button', { name: 'Run this cluster' }).count()).toBe(0);
    // The example of DOMAIN.md §1.5: two primaries and a backup.
    await file.setInputFiles('docs/examples/plugin-cfg.xml');
    await expect
      .poll(() => section.innerText())
      .toContain(
        'ServerCluster ShopCluster: nodeA_shop1 (16k7ab2cq), nodeB_shop2 (16k7ab5ue), nodeC_shopDR (16k7ab9mn, backup).',
      );
    await section.getByText(/What the lab does not model/).click();
    await expect(section.innerText()).resolves.toContain(
      'ServerCluster "ShopCluster": RemoveSpecialHeaders="true"',
    );
    await section.getByRole('button', { name: 'Run this cluster' }).click();
    const topology = page.locator('figure.topology');
    await expect.poll(() => topology.innerText()).toMatch(/nodeC_shopDR[\s\S]*CloneID 16k7ab9mn/);
    // The address carries the file's settings: reopened, the same cluster.
    await expect
      .poll(() => page.evaluate(() => decodeURIComponent(location.search)))
      .toContain('set=plugin.cluster.servers[2].role=backup');
    const address = await page.evaluate(() => location.search);
    expect(address).toContain('members=3');
    // Both primaries crash; the next requests go to the backup, the first in the BackupServers list.
    await page.getByRole('button', { name: 'Configuration' }).click();
    for (const member of ['nodeA_shop1', 'nodeB_shop2']) {
      await page
        .getByRole('combobox', { name: 'Cluster member to act on' })
        .selectOption({ label: `${member} (running)` });
      await page.getByRole('button', { name: `Crash ${member}` }).click();
    }
    const slider = page.getByRole('slider', { name: 'Simulated time' });
    await slider.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('PageUp');
    await settled(page);
    await page.getByRole('tab', { name: 'Event log' }).click();
    const log = page.getByRole('tabpanel', { name: 'Event log' });
    await log
      .getByText(/http\.request → nodeC_shopDR (GET|POST) \/shop\//)
      .first()
      .waitFor();
    await log.getByText('200 Shop from nodeC_shopDR').first().waitFor();
    await expect(topology.innerText()).resolves.toMatch(/nodeA_shop1\s+(CloneID \w+\s+)?✖ crashed/);
    await expect(topology.innerText()).resolves.toMatch(/nodeB_shop2\s+(CloneID \w+\s+)?✖ crashed/);
    // Dropped on the panel: a file of several clusters asks which one.
    await page.getByRole('button', { name: 'Configuration' }).click();
    const portal = readFileSync('docs/examples/plugin-cfg-portal.xml', 'utf8');
    await section.evaluate((el, text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'plugin-cfg-portal.xml', { type: 'text/xml' }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, portal);
    await expect.poll(() => section.innerText()).toContain('plugin-cfg-portal.xml has 2 ServerClusters.');
    const pick = section.getByLabel('Cluster to run');
    expect(await pick.inputValue()).toBe('PortalCluster');
    await pick.selectOption('dmgr_DEFAULT_Cluster');
    await expect
      .poll(() => section.getByRole('alert').innerText())
      .toContain('No Route sends requests to ServerCluster "dmgr_DEFAULT_Cluster"');
    await pick.selectOption('PortalCluster');
    await expect.poll(() => section.innerText()).toContain('wpnode1_WebSphere_Portal (15a1b2c3d)');
    // A bad file now: named, and the imported run stays as it was. The address is read once it has caught
    // up with the panel just opened (it follows at most every 250 ms).
    await expect.poll(() => page.evaluate(() => location.search)).toMatch(/&panel=configuration$/);
    const before = { address: await page.evaluate(() => location.search), clock: await clock(page) };
    await file.setInputFiles({ name: 'broken.xml', mimeType: 'text/xml', buffer: Buffer.from('<Config>') });
    await expect
      .poll(() => section.getByRole('alert').innerText())
      .toMatch(/broken\.xml: The file is not well-formed XML/);
    expect(await page.evaluate(() => location.search)).toBe(before.address);
    expect(await clock(page)).toBe(before.clock);
    await expect(topology.innerText()).resolves.toMatch(/nodeA_shop1\s+(CloneID \w+\s+)?✖ crashed/);
    const reopened = (await open(1280, address)).page;
    await expect
      .poll(() => reopened.locator('figure.topology').innerText())
      .toMatch(/nodeC_shopDR[\s\S]*CloneID 16k7ab9mn/);
    await reopened.context().close();
    await page.screenshot({ path: 'test-results/lab-import-1280.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('presents: large type, no controls, one view at a time, a clicker walks the parts and blanks the screen', async () => {
    const { page, errors } = await open(1280, '?scenario=ten-steps', 800);
    await page.getByRole('button', { name: 'Present' }).click();
    const bar = page.locator('.presenter-bar');
    await expect(bar.innerText()).resolves.toMatch(/^Presenting topology and narration/);
    // The focus goes to the button that undoes it, not to the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Leave');
    // No chrome: neither the header's controls nor the playback's.
    expect(await page.getByRole('button', { name: 'Configuration' }).count()).toBe(0);
    expect(await page.getByRole('slider', { name: 'Simulated time' }).count()).toBe(0);
    expect(
      Number(await page.locator('main.lab').evaluate((m) => (m as HTMLElement).style.zoom)),
    ).toBeGreaterThanOrEqual(1.25);
    // The clicker's keys walk the lesson's parts, once its narration has come.
    const lesson = page.getByRole('region', { name: /^Lesson/ });
    await expect.poll(() => lesson.innerText()).toContain('not started');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await expect.poll(() => lesson.innerText()).toContain('part 2 of 15');
    await page.keyboard.press('PageUp');
    await expect.poll(() => lesson.innerText()).toContain('part 1 of 15');
    // The whole topology and the narration are in view at 1280 × 800.
    const inView = await page.evaluate(() =>
      ['figure.topology', '.lesson-slot'].map(
        (q) => document.querySelector(q)!.getBoundingClientRect().bottom,
      ),
    );
    expect(Math.max(...inView)).toBeLessThanOrEqual(800);
    // V: the next view, the topology alone.
    await page.keyboard.press('v');
    await expect(bar.innerText()).resolves.toMatch(/^Presenting topology ·/);
    expect(await lesson.count()).toBe(0);
    // B and . blank the screen and show it again; Esc shows it first, then leaves.
    const blank = page.getByRole('img', { name: /^Screen blanked/ });
    await page.keyboard.press('b');
    await blank.waitFor();
    await page.keyboard.press('.');
    await blank.waitFor({ state: 'detached' });
    await page.keyboard.press('B');
    await blank.waitFor();
    await page.keyboard.press('Escape');
    await blank.waitFor({ state: 'detached' });
    expect(await bar.count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Configuration' }).waitFor();
    expect(await bar.count()).toBe(0);
    // P presents again; Leave ends it.
    await page.keyboard.press('p');
    await bar.waitFor();
    await page.screenshot({ path: 'test-results/lab-present-1280.png' });
    await page.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('button', { name: 'Present' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Present');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("opens presenting from the address, and a notes window shows the parts and the question's answer and walks the lab", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    const watch = (p: Page) => {
      p.on('pageerror', (e) => errors.push(e.message));
      p.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
    };
    watch(page);
    await page.goto(`${BASE}?scenario=post-failover&present=topology-narration`);
    const bar = page.locator('.presenter-bar');
    await expect.poll(() => bar.innerText()).toMatch(/^Presenting topology and narration/);
    expect(await page.getByRole('button', { name: 'Configuration' }).count()).toBe(0);
    const lesson = page.getByRole('region', { name: /^Lesson/ });
    await expect.poll(() => lesson.innerText()).toContain('not started');
    // Notes: a second window, following the lab.
    const [notes] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Notes' }).click(),
    ]);
    watch(notes);
    await notes.getByRole('heading', { name: "Presenter's notes" }).waitFor();
    const text = () => notes.locator('main').innerText();
    await expect.poll(text).toContain('Now: the start');
    await expect.poll(text).toContain('Next: part 1');
    expect(await text()).toContain('u1 posts a form with a 10 KB body');
    // Its Next walks the lab's parts.
    await notes.getByRole('button', { name: 'Next', exact: true }).click();
    await expect.poll(() => lesson.innerText()).toContain('part 1 of 8');
    await expect.poll(text).toContain('Now: part 1 of 8');
    await expect.poll(text).toContain("PluginMember1's JVM is killed while u1's POST is still inside");
    // The part that asks: the audience sees the question, the notes its answer.
    await notes.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('region', { name: 'A question on this part' }).waitFor();
    await expect.poll(text).toContain('Answer: Sent again to PluginMember3');
    // A clicker's keys pressed in the notes window work the lab: the next view, the blank screen.
    await notes.keyboard.press('v');
    await expect.poll(() => bar.innerText()).toMatch(/^Presenting topology ·/);
    // The topology alone: the question stands over it.
    await page.getByRole('region', { name: 'A question on this part' }).waitFor();
    await expect.poll(() => decodeURIComponent(page.url())).toMatch(/present=topology($|&)/);
    await notes.keyboard.press('b');
    await page.getByRole('img', { name: /^Screen blanked/ }).waitFor();
    await expect.poll(text).toContain('screen blanked');
    await notes.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => lesson.count()).toBe(0);
    await notes.getByRole('button', { name: 'Stop presenting' }).click();
    await page.getByRole('button', { name: 'Configuration' }).waitFor();
    await expect.poll(text).toContain('not presenting');
    // The address follows at most every 250 ms.
    await expect.poll(() => decodeURIComponent(page.url())).not.toContain('present=');
    // A reload of the lab while presenting finds its notes window again.
    await notes.getByRole('button', { name: 'Present' }).click();
    await expect.poll(() => bar.innerText()).toMatch(/^Presenting topology and narration/);
    await expect.poll(() => decodeURIComponent(page.url())).toContain('present=topology-narration');
    await page.reload();
    await bar.waitFor();
    await expect.poll(text).toContain('presenting topology and narration');
    await notes.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => lesson.innerText()).toContain('not started');
    await notes.getByRole('button', { name: 'Next', exact: true }).click();
    await expect.poll(text).toContain('Now: part 1 of 8');
    await expect.poll(text).toContain('A POST inside a member that dies');
    await notes.screenshot({ path: 'test-results/lab-notes.png' });
    // An address with an id the lab does not make says so, as text.
    await notes.goto(`${BASE}?notes=%3Cb%3Ex%3C/b%3E`);
    await expect
      .poll(() => notes.getByRole('alert').innerText())
      .toContain('its id (<b>x</b>) is not one the lab makes');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks a question worked out from the run, grades the answer, shows it in the run, and keeps the score in the browser', async () => {
    const { page, errors } = await open(1280, '?scenario=ten-steps&t=1');
    const questions = page.getByRole('region', { name: 'Questions' });
    await questions.scrollIntoViewIfNeeded();
    await questions.getByRole('button', { name: 'The JSESSIONID after it?' }).click();
    await expect
      .poll(() => questions.innerText())
      .toContain("u1's JSESSIONID ends with :v544d031 now. After the page for its GET /snoop, it ends with…");
    // A wrong answer first: graded at once, with the right one and why.
    const choices = questions.getByRole('group', { name: /ends with/ });
    await choices.getByRole('button', { name: ':v544d031', exact: true }).click();
    await expect(questions.getByRole('alert').innerText()).resolves.toMatch(
      /^Not quite: :v544d031:v544d0o0\. PluginMember2 answered at 3\.106s/,
    );
    await expect(questions.innerText()).resolves.toContain('Here: 0 of 1 right.');
    // The lesson's part reached is kept too (at 1 s the run has reached its second part, the commit).
    await expect(questions.innerText()).resolves.toContain('This lesson: part 2 of 15 reached.');
    // Shown in the run: the cursor goes to the page that answers it…
    await questions.getByRole('button', { name: 'Go to the answer' }).click();
    await expect.poll(() => clock(page)).toBe('3106');
    // …or the run plays again from the instant asked and stops there, wherever the cursor stood.
    await page.getByRole('slider', { name: 'Simulated time' }).focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 6; i++) await page.keyboard.press('+');
    await questions.getByRole('button', { name: 'Replay the moment' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 20_000 });
    await expect.poll(() => clock(page)).toBe('3106');
    for (let i = 0; i < 6; i++) await page.keyboard.press('-');
    // The next one, answered right; the score is kept in this browser across a reload.
    await page.getByRole('slider', { name: 'Simulated time' }).focus();
    await page.keyboard.press('Home');
    await questions.getByRole('button', { name: 'Who serves the next page?' }).click();
    const who = questions.getByRole('group', { name: /Which cluster member serves it/ });
    // At 0 s, before the crash: u1's first page comes from its own member.
    await who.getByRole('button', { name: 'PluginMember1' }).click();
    await expect(questions.getByRole('alert').innerText()).resolves.toMatch(/^Right\./);
    await page.reload();
    await page.getByRole('region', { name: 'Questions' }).waitFor();
    const kept = await page.getByRole('region', { name: 'Questions' }).innerText();
    expect(kept).toContain('Here: 1 of 2 right.');
    expect(kept).toContain('In every run: 1 of 2. Kept in this browser only.');
    // Shown to its last part (3.106 s is the ten steps' last beat): the lesson counts as finished.
    expect(kept).toContain('This lesson: part 15 of 15 reached.');
    expect(kept).toContain('Lessons finished: 1.');
    // A lesson's part that asks: the run pauses there and the question stands over the picture.
    await page.getByRole('slider', { name: 'Simulated time' }).focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) {
      await page.getByRole('button', { name: 'Continue' }).click();
      await settled(page);
    }
    const asked = page.getByRole('region', { name: 'A question on this part' });
    await expect.poll(() => asked.innerText()).toContain("The next page a user gets is u1's GET /snoop.");
    await asked.getByRole('button', { name: 'PluginMember2' }).click();
    await expect(asked.getByRole('alert').innerText()).resolves.toMatch(
      /^Right\. PluginMember2 served it at 3\.106s/,
    );
    await page.getByRole('button', { name: 'Not now' }).click();
    expect(await asked.count()).toBe(0);
    // The focus goes on to the lesson, not to the page.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('Continue');
    // Played through, the run pauses at the part that asks.
    await page.getByRole('slider', { name: 'Simulated time' }).focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 6; i++) await page.keyboard.press('+');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await asked.waitFor();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    expect(Number(await clock(page))).toBeGreaterThanOrEqual(2000);
    expect(Number(await clock(page))).toBeLessThan(3106);
    await page.getByRole('button', { name: 'Not now' }).click();
    // In real time the next instant reaches several parts at once: the run goes back to the one that asks.
    await page.getByRole('combobox', { name: 'Pace' }).selectOption('real');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => asked.innerText()).toContain("u1's JSESSIONID ends with :v544d031 now.");
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await expect(page.getByRole('region', { name: /^Lesson/ }).innerText()).resolves.toContain(
      'part 4 of 15',
    );
    await page.getByRole('button', { name: 'Not now' }).click();
    await page.getByRole('region', { name: 'Questions' }).getByRole('button', { name: 'Reset' }).click();
    await expect(page.getByRole('region', { name: 'Questions' }).innerText()).resolves.toContain(
      "Your answers and the lessons' parts you reach are kept in this browser only.",
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a replay plays through a lesson part that asks, without asking there, and stops at the answer', async () => {
    // From 1 s to the answer at 3.106 s the run passes the part that asks who serves the next page (2 s).
    const { page, errors } = await open(1280, '?scenario=ten-steps&t=1&speed=2');
    const questions = page.getByRole('region', { name: 'Questions' });
    await questions.getByRole('button', { name: 'The JSESSIONID after it?' }).click();
    const choices = questions.getByRole('group', { name: /ends with/ });
    await choices.getByRole('button', { name: ':v544d031', exact: true }).click();
    await questions.getByRole('button', { name: 'Replay the moment' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 40_000 });
    expect(await clock(page)).toBe('3106');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it("on a phone, a lesson's question stands under the part that asks it, above the topology", async () => {
    const { page, errors } = await open(390, '?scenario=ten-steps');
    for (let i = 0; i < 3; i++) {
      await page.getByRole('button', { name: 'Continue' }).click();
      await settled(page);
    }
    const asked = page.getByRole('region', { name: 'A question on this part' });
    await expect.poll(() => asked.innerText()).toContain("The next page a user gets is u1's GET /snoop.");
    const box = async (q: string) => (await page.locator(q).first().boundingBox())!;
    const lesson = await box('section.lesson');
    const question = (await asked.boundingBox())!;
    const topology = await box('section.topo');
    expect(question.y).toBeGreaterThanOrEqual(lesson.y + lesson.height);
    expect(question.y + question.height).toBeLessThanOrEqual(topology.y);
    // Answered, then the phone turned (two columns): the question moves over the topology as it was left,
    // answered once.
    await asked.getByRole('button', { name: 'PluginMember2' }).click();
    await expect(asked.getByRole('alert').innerText()).resolves.toMatch(/^Right\./);
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(() => page.locator('section.topo .asked').count()).toBe(1);
    await expect(asked.getByRole('alert').innerText()).resolves.toMatch(/^Right\./);
    expect(await asked.getByRole('button', { name: 'PluginMember1' }).isDisabled()).toBe(true);
    const kept = await page.evaluate(() => localStorage.getItem('failover-lab.progress.v1'));
    expect(kept).toContain('"answered":1');
    await page.getByRole('button', { name: 'Not now' }).click();
    expect(await asked.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('asks whether a POST inside a member is sent again, and makes the crash that shows it', async () => {
    const { page, errors } = await open(1280, '?scenario=post-failover&t=1.5&speed=50');
    const expected = askQuestion(runSpecOf(postFailover), 1500, 'postResent')!;
    const show = expected.show as { crash: string; at: number; until: number };
    const questions = page.getByRole('region', { name: 'Questions' });
    await questions.scrollIntoViewIfNeeded();
    await questions.getByRole('button', { name: 'Will this POST be re-sent?' }).click();
    await expect.poll(() => questions.innerText()).toContain(expected.prompt);
    const choices = questions.getByRole('group', { name: /what would become of the POST/ });
    await choices.getByRole('button', { name: 'Not sent again: the user gets 500' }).click();
    await expect(questions.getByRole('alert').innerText()).resolves.toContain(
      `Not quite: ${expected.choices[expected.answer]}. ${expected.explanation}`,
    );
    // The crash asked about, made at its instant: the run plays on and stops where it shows the POST sent
    // again (past the lesson's part that the crash reaches, which asks again).
    await questions.getByRole('button', { name: 'Crash PluginMember1 and watch' }).click();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await expect.poll(() => clock(page), { timeout: 20_000 }).toBe(String(show.until));
    // The crash is the run's now: the address carries it.
    await expect.poll(() => decodeURIComponent(page.url())).toMatch(/at=1\.5[+ ]crash[+ ]PluginMember1/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('compares two configurations side by side, in step, with the figures the command line counts', async () => {
    const { page, errors } = await open(
      1280,
      '?v=1&members=3&processes=2&users=6&seed=2&at=30+crash+PluginMember1',
    );
    await page.getByRole('button', { name: 'Configuration' }).click();
    await page.getByRole('button', { name: 'Compare with other settings' }).click();
    const compare = page.getByRole('region', { name: 'Compare two configurations' });
    // A bad setting is named, and nothing runs.
    await compare.getByLabel("Other side's settings").fill('retry');
    await compare.getByRole('button', { name: 'Compare', exact: true }).click();
    await expect(compare.getByRole('alert').innerText()).resolves.toContain('PATH=VALUE pairs');
    await compare
      .getByLabel('A classic pair')
      .selectOption({ label: 'Writes at the end of each servlet service' });
    await compare.getByRole('button', { name: 'Compare', exact: true }).click();
    await compare.getByText('With sessionManager.writeFrequency=endOfServletService').waitFor();
    // One timeline moves both: at 120 s, the table is what --compare counts up to 120 s.
    await page.getByRole('button', { name: 'Configuration' }).click();
    await page.getByRole('slider', { name: 'Simulated time' }).focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('PageUp');
    await expect.poll(() => clock(page)).toBe('120000');
    await expect.poll(() => compare.locator('caption').innerText()).toBe('Up to 120.000s');
    const cli = JSON.parse(
      traceCommand([
        '--scenario',
        'sandbox',
        '--members',
        '3',
        '--processes',
        '2',
        '--users',
        '6',
        '--seed',
        '2',
        '--at',
        '30 crash PluginMember1',
        '--until',
        '120',
        '--format',
        'json',
        '--compare',
        'sessionManager.writeFrequency=timeBasedWrite',
        'sessionManager.writeFrequency=endOfServletService',
      ]).stdout,
    ) as { rows: Record<string, (number | null)[]> };
    for (const [name, [here, there]] of Object.entries(cli.rows)) {
      const row = compare.getByRole('row', { name: new RegExp(`^${name}`) });
      const cells = await row.getByRole('cell').allInnerTexts();
      const shown = (v: number | null) =>
        v === null ? '—' : name === 'time to recover' ? `${v.toFixed(3)}s` : String(v);
      expect(cells, name).toEqual([shown(here!), shown(there!)]);
    }
    // The lesson of the pair: time-based writes lose an update that end-of-service writes keep.
    expect(cli.rows['updates lost']).toEqual([1, 0]);
    await compare.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/lab-compare-1280.png' });
    await compare.getByRole('button', { name: 'Close' }).click();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says what was wrong with the address and opens the lab anyway', async () => {
    const { page, errors } = await open(1280, '?scenario=nope&seed=x');
    const alert = await page.getByRole('alert').innerText();
    expect(alert).toContain('URL parameter scenario=nope: no such scenario');
    expect(alert).toContain('URL parameter seed=x');
    expect(await page.getByRole('group', { name: /Topology at 0\.000 s/ }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
