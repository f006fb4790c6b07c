// Questions computed from the run: the answer is what the run goes on to do, the wrong answers are the
// run's own members, clone IDs and counts, and the same run asks and answers the same.
import { describe, expect, it } from 'vitest';
import { traceCommand } from '../../src/cli/traceCommand.ts';
import { sandboxScenario } from '../../src/scenarios/sandbox.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { postFailover } from '../../src/scenarios/lessons/postFailover.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { askQuestion, QUESTION_KINDS, type Question } from '../../src/simulation/questions.ts';
import type { TraceEntry } from '../../src/simulation/trace.ts';
import { World } from '../../src/simulation/world.ts';

const right = (q: Question | null) => q!.choices[q!.answer];
/** What a browser.page entry says: its status and the member that served it. */
const served = (page: TraceEntry) => page.data as { status: number; servedBy: string };
const sandbox = (seed: number) => runSpecOf(sandboxScenario({ members: 3, processes: 2, users: 6 }), seed);

describe('questions in the ten steps', () => {
  const spec = runSpecOf(tenSteps);
  it('asks who serves the request after the crash, and the cookie it leaves: the failover the lesson shows', () => {
    const next = askQuestion(spec, 1000, 'nextServer')!;
    expect(next.prompt).toBe("The next page a user gets is u1's GET /snoop. Which cluster member serves it?");
    expect(next.choices).toEqual(['No member: the request fails', 'PluginMember1', 'PluginMember2']);
    expect(right(next)).toBe('PluginMember2');
    expect(next.explanation).toMatch(
      /^PluginMember2 served it at 3\.106s\. ihs#1, step 9: pick PluginMember2/,
    );
    expect(next.show).toEqual({ t: 3106 });
    const cookie = askQuestion(spec, 1000, 'cookieAfter')!;
    expect(cookie.prompt).toBe(
      "u1's JSESSIONID ends with :v544d031 now. After the page for its GET /snoop, it ends with…",
    );
    expect(right(cookie)).toBe(':v544d031:v544d0o0');
    // Every choice is made of the run's own clone IDs.
    for (const c of cookie.choices) expect(c).toMatch(/^(:(v544d031|v544d0o0))+$/);
  });

  it('counts the updates a crash now would lose by running the run with that crash', () => {
    const q = askQuestion(spec, 1000, 'lostIfCrash')!;
    expect(q.show).toEqual({ crash: 'PluginMember1', at: 1000, until: 6000 });
    // End-of-service writes: nothing acknowledged is only in the JVM.
    expect(right(q)).toBe('0');
  });
});

describe('questions in the sandbox, seed by seed', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: the answers are what the run goes on to do`, () => {
      const spec = sandbox(seed);
      const at = 30_000;
      const alone = new World(spec);
      alone.runUntil(at + 60_000);
      // The first request a user sends after the question, and the page that answers it.
      const sent = alone.trace.find(
        (e) => e.type === 'http.request' && e.actor.startsWith('browser:') && e.t > at,
      )!;
      const nextPage = alone.trace.find(
        (e) => e.type === 'browser.page' && e.actor === sent.actor && e.t > sent.t,
      )!;
      const next = askQuestion(spec, at, 'nextServer')!;
      expect(right(next)).toBe((nextPage.data as { servedBy: string }).servedBy);
      expect(next.prompt).toContain(`${nextPage.actor.replace('browser:', '')}'s `);
      // The same run at the same instant asks and answers the same.
      expect(askQuestion(spec, at, 'nextServer')).toEqual(next);
      // A crash now, made by the command line: its lost updates are the answer.
      const lost = askQuestion(spec, at, 'lostIfCrash')!;
      const member = (lost.show as { crash: string }).crash;
      const run = traceCommand([
        '--scenario',
        'sandbox',
        '--members',
        '3',
        '--processes',
        '2',
        '--users',
        '6',
        '--seed',
        String(seed),
        '--at',
        `30 crash ${member}`,
        '--until',
        '90',
        '--format',
        'json',
      ]);
      const entries = JSON.parse(run.stdout) as TraceEntry[];
      expect(right(lost)).toBe(String(entries.filter((e) => e.type === 'ledger.lost' && e.t >= at).length));
    });
  }

  it('asks with up to four distinct choices, the right one among them once', () => {
    for (const seed of [1, 2, 3])
      for (const kind of QUESTION_KINDS) {
        // Nobody is back from a fault at 20 s: that question has nothing to ask there.
        if (kind === 'recoveringMember') {
          expect(askQuestion(sandbox(seed), 20_000, kind)).toBeNull();
          continue;
        }
        const q = askQuestion(sandbox(seed), 20_000, kind)!;
        expect(q.choices.length).toBeGreaterThanOrEqual(2);
        expect(q.choices.length).toBeLessThanOrEqual(4);
        expect(new Set(q.choices).size).toBe(q.choices.length);
        expect(q.answer).toBeGreaterThanOrEqual(0);
      }
  });

  it('does not tell the answer by which wrong answers it offers', () => {
    const spec = runSpecOf(sandboxScenario({ members: 8, processes: 2, users: 20 }), 1);
    const asked = [20_000, 25_000, 30_000, 35_000, 40_000, 45_000].map((t) =>
      askQuestion(spec, t, 'nextServer')!,
    );
    // The wrong members are drawn, not always the first ones listed…
    const wrong = new Set(asked.flatMap((q) => q.choices.filter((_, i) => i !== q.answer)));
    expect([...wrong].some((m) => !['PluginMember1', 'PluginMember2', 'PluginMember3'].includes(m))).toBe(
      true,
    );
    // …and the right one stands in more than one place.
    expect(new Set(asked.map((q) => q.answer)).size).toBeGreaterThan(1);
  });

  it('asks about a crash only of a member that is running', () => {
    // In the ten steps PluginMember1 has crashed at 2 s: at 2.5 s the question is about PluginMember2.
    expect(askQuestion(runSpecOf(tenSteps), 2500, 'lostIfCrash')!.show).toMatchObject({
      crash: 'PluginMember2',
    });
  });

  it('follows the seed: other seeds, other questions', () => {
    const prompts = new Set(
      [1, 2, 3, 4].map((seed) => askQuestion(sandbox(seed), 30_000, 'nextServer')!.prompt),
    );
    expect(prompts.size).toBeGreaterThan(1);
  });
});

describe('asked of a world already simulated (the page asks so)', () => {
  it('asks and answers as the run from its start, wherever that world stands, and leaves it as it was', () => {
    const spec = {
      ...sandbox(3),
      interventions: [
        { at: 25_000, action: { kind: 'crash', member: 'PluginMember2' } },
        { at: 45_000, action: { kind: 'start', member: 'PluginMember2' } },
      ],
    } as ReturnType<typeof sandbox>;
    const world = new World(spec);
    world.runUntil(90_000);
    const before = JSON.stringify(world.visibleTrace());
    let asked = 0;
    for (const at of [20_000, 47_000, 90_000, 120_000])
      for (const kind of QUESTION_KINDS) {
        world.seek(at === 47_000 ? 60_000 : 90_000);
        const q = askQuestion(world, at, kind);
        expect(q, `${kind} at ${at}`).toEqual(askQuestion(spec, at, kind));
        if (q) asked++;
      }
    expect(asked).toBeGreaterThanOrEqual(14);
    world.seek(90_000);
    expect(JSON.stringify(world.visibleTrace())).toBe(before);
  });
});

describe("a lesson's part that asks", () => {
  it("is where the ten steps ask who serves the failover request, and the answer is the run's", async () => {
    const { tenStepsLesson } = await import('../../src/scenarios/lessons/index.ts');
    const { viewAt, beatEntry } = await import('../../src/scenarios/narration.ts');
    const world = new World(runSpecOf(tenSteps));
    world.runUntil(tenSteps.duration);
    const crash = beatEntry(tenStepsLesson, world.trace, 2)!;
    const view = viewAt(tenStepsLesson, world.trace, crash + 1, null);
    expect(view.ask).toBe('nextServer');
    // The part before asks nothing.
    expect(viewAt(tenStepsLesson, world.trace, crash, null).ask).toBeNull();
    const q = askQuestion(runSpecOf(tenSteps), world.trace[crash]!.t, view.ask!)!;
    expect(q.choices[q.answer]).toBe('PluginMember2');
  });
});

describe('the lesson on a POST inside a member that dies', () => {
  it('asks at each crash whether the POST is sent again: yes for the small form, no for the large one', async () => {
    const { viewAt, beatEntry } = await import('../../src/scenarios/narration.ts');
    const world = new World(runSpecOf(postFailover));
    world.runUntil(postFailover.duration);
    const asked = [1, 5].map((beat) => {
      const entry = beatEntry(postFailover, world.trace, beat)!;
      expect(viewAt(postFailover, world.trace, entry + 1, null).ask).toBe('postResent');
      return right(askQuestion(runSpecOf(postFailover), world.trace[entry]!.t, 'postResent'));
    });
    expect(asked).toEqual(['Sent again to PluginMember3', 'Not sent again: the user gets 500']);
  });
});

describe('a member running again', () => {
  it('asks which process sends it the next request: the one whose own retry interval ends first', () => {
    const base = sandbox(2);
    const spec = {
      ...base,
      interventions: [
        { at: 30_000, action: { kind: 'crash', member: 'PluginMember1' } },
        { at: 40_000, action: { kind: 'start', member: 'PluginMember1' } },
      ],
    } as typeof base;
    const q = askQuestion(spec, 70_000, 'recoveringMember')!;
    const alone = new World(spec);
    alone.runUntil(200_000);
    const first = alone.trace.find(
      (e) =>
        e.t > 70_000 &&
        e.type === 'http.request' &&
        e.actor.startsWith('ihs#') &&
        e.data?.to === 'PluginMember1',
    )!;
    expect(right(q)).toBe(first.actor);
    expect(q.choices).toEqual(['ihs#1', 'ihs#2', 'None of them, within ten minutes']);
    expect(q.explanation).toMatch(/each process marks members down on its own\.$/);
  });
});

describe('a POST inside a member that dies', () => {
  const lesson = runSpecOf(postFailover);
  it('asks of the run itself when the member has died with the POST inside', () => {
    // PluginMember1 is killed at 2 s with u1's 10 KB form inside: the body fits PostBufferSize.
    const small = askQuestion(lesson, 2000, 'postResent')!;
    expect(small.prompt).toBe(
      "PluginMember1 was killed while u1's POST /shop/cart (10 KB body) was inside it. What becomes of the POST?",
    );
    expect(small.choices).toEqual([
      'Not sent again: the user gets 500',
      'Sent again to PluginMember2',
      'Sent again to PluginMember3',
    ]);
    const alone = new World(lesson);
    alone.runUntil(postFailover.duration);
    const page = (user: string) =>
      alone.trace.find((e) => e.type === 'browser.page' && e.actor === `browser:${user}`)!;
    expect(right(small)).toBe(`Sent again to ${served(page('u1')).servedBy}`);
    expect(small.show).toEqual({ t: page('u1').t });
    expect(small.explanation).toMatch(/^The 10 KB body fits within PostBufferSize \(64 KB\)/);
    // PluginMember2 is killed at 7 s with u2's 200 KB form inside: larger than the buffer.
    const large = askQuestion(lesson, 7000, 'postResent')!;
    expect(right(large)).toBe('Not sent again: the user gets 500');
    expect(served(page('u2')).status).toBe(500);
    expect(large.explanation).toMatch(/^The 200 KB body is larger than PostBufferSize \(64 KB\)/);
  });

  it('tells the PostBufferSize the plug-in has read, after an edit of plugin-cfg.xml', () => {
    const spec = { ...lesson, config: structuredClone(lesson.config) };
    spec.config.plugin.refreshInterval = 0;
    spec.interventions = [
      ...lesson.interventions!,
      {
        at: 500,
        action: { kind: 'editPluginCfg', set: [{ path: 'plugin.cluster.postBufferSize', value: '0' }] },
      },
    ];
    const q = askQuestion(spec, 2000, 'postResent')!;
    expect(right(q)).toBe('Not sent again: the user gets 500');
    expect(q.explanation).toMatch(/^PostBufferSize is 0: the plug-in keeps no copy of the body\./);
  });

  it("asks of a member still running by killing it while the servlet has the POST: the run's answer", () => {
    const q = askQuestion(lesson, 1500, 'postResent')!;
    expect(q.prompt).toMatch(/^u1's POST \/shop\/cart \(10 KB body\) is inside PluginMember1\. If/);
    expect(q.show).toMatchObject({ crash: 'PluginMember1', at: 1500 });
    // The run with that crash, made as a trainee would make it: the page u1 gets is the answer.
    const crashed = new World({
      ...lesson,
      interventions: [
        ...lesson.interventions!,
        { at: 1500, action: { kind: 'crash', member: 'PluginMember1' } },
      ],
    });
    crashed.runUntil(postFailover.duration);
    const page = crashed.trace.find((e) => e.type === 'browser.page' && e.actor === 'browser:u1')!;
    expect(right(q)).toBe(`Sent again to ${served(page).servedBy}`);
    expect(q.show).toEqual({ crash: 'PluginMember1', at: 1500, until: page.t });
  });

  for (const seed of [1, 2, 3, 4])
    it(`seed ${seed}: the next POST, with and without a body the plug-in keeps`, () => {
      const spec = sandbox(seed);
      const q = askQuestion(spec, 30_000, 'postResent')!;
      const { crash, at } = q.show as { crash: string; at: number };
      const user = /^(u\d+)'s next POST/.exec(q.prompt)![1]!;
      const pageAfter = (s: typeof spec) => {
        const w = new World({
          ...s,
          interventions: [...(s.interventions ?? []), { at, action: { kind: 'crash', member: crash } }],
        });
        w.runUntil(at + 60_000);
        return w.trace.find((e) => e.type === 'browser.page' && e.actor === `browser:${user}` && e.t > at)!;
      };
      // The sandbox's forms (1 to 8 KB) fit the default 64 KB buffer: another member serves them.
      expect(right(q)).toBe(`Sent again to ${served(pageAfter(spec)).servedBy}`);
      expect(right(q)).not.toBe(`Sent again to ${crash}`);
      // With PostBufferSize 0 the plug-in keeps nothing: the same POST fails.
      const none = { ...spec, config: structuredClone(spec.config) };
      none.config.plugin.cluster.postBufferSize = 0;
      const q0 = askQuestion(none, 30_000, 'postResent')!;
      expect(q0.prompt).toBe(q.prompt);
      expect(right(q0)).toBe('Not sent again: the user gets 500');
      expect(served(pageAfter(none)).status).toBe(500);
      expect(q0.explanation).toMatch(/PostBufferSize is 0: the plug-in keeps no copy of the body/);
    });
});
