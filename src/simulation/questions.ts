// Questions a trainee answers before the run shows the answer, each computed from the run itself: the
// same run (config + seed + interventions) simulated a little further, or with one more fault. Wrong
// answers are real members, real clone IDs and real counts of the same run, never invented words, and
// the same run at the same instant always asks and answers the same.

import type { BrowserContext } from '../model/browserMachine.ts';
import type { Intervention } from './interventions.ts';
import { formatTime, type TraceEntry } from './trace.ts';
import { World, type RunSpec } from './world.ts';

export type QuestionKind = 'nextServer' | 'cookieAfter' | 'lostIfCrash';

export const QUESTION_KINDS: readonly QuestionKind[] = ['nextServer', 'cookieAfter', 'lostIfCrash'];

export interface Question {
  kind: QuestionKind;
  /** Simulated ms at which it is asked. */
  at: number;
  prompt: string;
  choices: string[];
  /** The index of the right choice. */
  answer: number;
  /** Why, from the run: what happened, and when. */
  explanation: string;
  /** Where the run shows the answer (ms), or the action that shows it (a crash the trainee may make). */
  show: { t: number } | { crash: string };
}

/** How far ahead the lab looks for the moment that answers a question. */
const HORIZON_MS = 10 * 60 * 1000;
/** How long after a crash the updates it loses are counted. */
const LOSS_WINDOW_MS = 60 * 1000;
const FAILED = 'No member: the request fails';

/** The question of `kind` at instant `at` of the run `spec`, or null when the run has none to ask there. */
export function askQuestion(spec: RunSpec, at: number, kind: QuestionKind): Question | null {
  const world = new World(spec);
  world.runUntil(at);
  switch (kind) {
    case 'nextServer':
      return nextServer(world, at);
    case 'cookieAfter':
      return cookieAfter(world, at);
    case 'lostIfCrash':
      return lostIfCrash(spec, world, at);
  }
}

/** The world run on, step by step, until an entry after `from` is what `wanted` looks for. */
function runTo(
  world: World,
  from: number,
  until: number,
  wanted: (e: TraceEntry) => boolean,
): TraceEntry | null {
  for (let i = from; ; i++) {
    while (i >= world.trace.length) {
      const next = world.nextEventAt();
      if (next === undefined || next > until || !world.step()) return null;
    }
    if (wanted(world.trace[i]!)) return world.trace[i]!;
  }
}

const userOf = (actor: string): string => actor.replace(/^browser:/, '');

/** The next page any user gets after `at`, the request it answers, and the plug-in's words for its route. */
function nextPage(world: World, at: number) {
  const from = world.trace.length;
  const page = runTo(world, from, at + HORIZON_MS, (e) => e.type === 'browser.page');
  if (!page || page.type !== 'browser.page') return null;
  const request = [...world.trace.slice(0, world.trace.indexOf(page))]
    .reverse()
    .find((e) => e.actor === page.actor && e.type === 'http.request');
  const steps = world.trace.filter(
    (e) => e.type === 'plugin.step' && e.data?.request === page.data?.request && e.t <= page.t,
  );
  // The step that decided: a replacement picked (9), else affinity (4), else the stream (10).
  const deciding =
    [...steps].reverse().find((e) => e.type === 'plugin.step' && e.data?.step === 9) ??
    steps.find((e) => e.type === 'plugin.step' && e.data?.step === 4) ??
    steps.at(-1);
  // The request as the user sent it, without the cookie it carried.
  const sent = request?.text.replace(/\s*\[.*\]$/, '') ?? 'its request';
  return { page, servedBy: page.data?.servedBy ?? '', request: sent, deciding };
}

/** Up to four choices holding `answer`: the others in the order given, then sorted as given. */
function choicesWith(answer: string, others: readonly string[]): { choices: string[]; answer: number } {
  const picked = [answer, ...others.filter((o, i) => o !== answer && others.indexOf(o) === i)].slice(0, 4);
  const choices = [...picked].sort((a, b) => a.localeCompare(b, 'en'));
  return { choices, answer: choices.indexOf(answer) };
}

function nextServer(world: World, at: number): Question | null {
  const next = nextPage(world, at);
  if (!next) return null;
  const { page, request, deciding, servedBy } = next;
  const members = world.config.plugin.cluster.servers.map((s) => s.memberName);
  const served = members.includes(servedBy) ? servedBy : FAILED;
  const user = userOf(page.actor);
  return {
    kind: 'nextServer',
    at,
    prompt: `The next page a user gets is ${user}'s ${request}. Which cluster member serves it?`,
    ...choicesWith(served, [...members, FAILED]),
    explanation:
      served === FAILED
        ? `${user} got ${page.text} at ${formatTime(page.t)}: no member could serve it.`
        : `${served} served it at ${formatTime(page.t)}.${deciding ? ` ${deciding.actor}, ${deciding.text}.` : ''}`,
    show: { t: page.t },
  };
}

/** The clone IDs a session ID carries (`0000A2MB…:v544d031:v544d0o0` → `:v544d031:v544d0o0`). */
function cloneList(sessionId: string | undefined, separator: string): string[] {
  return sessionId ? sessionId.split(separator).slice(1) : [];
}

/** The session cookie each user's browser holds now, by user. */
function cookiesHeld(world: World): Map<string, string | undefined> {
  const name = world.config.sessionManager.cookieName;
  return new Map(
    world
      .actorRecords()
      .filter((r) => r.kind === 'browser')
      .map((r) => [r.id, (r.snapshot.context as BrowserContext).jar[name]]),
  );
}

function cookieAfter(world: World, at: number): Question | null {
  const config = world.config;
  if (!config.sessionManager.enableCookies) return null;
  const sep = config.plugin.cluster.cloneSeparatorChange ? '+' : ':';
  const shownAs = (ids: readonly string[]): string =>
    ids.length === 0 ? 'no clone ID' : sep + ids.join(sep);
  // Every user's cookie when asked, before the run goes on to the page.
  const held = cookiesHeld(world);
  const next = nextPage(world, at);
  if (!next) return null;
  const { page, request, servedBy } = next;
  const user = userOf(page.actor);
  const before = cloneList(held.get(user), sep);
  const after = cloneList(cookiesHeld(world).get(user), sep);
  const served = config.plugin.cluster.servers.find((s) => s.memberName === servedBy);
  const others = config.plugin.cluster.servers.filter((s) => s !== served).map((s) => s.cloneId);
  const own = served ? [served.cloneId] : [];
  const candidates = [
    shownAs(before),
    shownAs(own),
    shownAs([...before.filter((c) => !own.includes(c)), ...own]),
    shownAs([...own, ...before.filter((c) => !own.includes(c))]),
    ...others.map((o) => shownAs([o])),
    ...others.map((o) => shownAs([...before, o])),
  ].filter((c) => c !== 'no clone ID' || before.length === 0);
  return {
    kind: 'cookieAfter',
    at,
    prompt: `${user}'s JSESSIONID ends with ${shownAs(before)} now. After the page for its ${request}, it ends with…`,
    ...choicesWith(shownAs(after), candidates),
    explanation: `${served?.memberName ?? 'No member'} answered at ${formatTime(page.t)}; the JSESSIONID ${user} holds then ends with ${shownAs(after)}.`,
    show: { t: page.t },
  };
}

function lostIfCrash(spec: RunSpec, world: World, at: number): Question | null {
  const members = world.config.plugin.cluster.servers.map((s) => s.memberName);
  // The member that served the latest page: the one whose crash a trainee would ask about.
  const lastPage = [...world.trace].reverse().find((e) => e.type === 'browser.page');
  const last = lastPage?.type === 'browser.page' ? lastPage.data?.servedBy : undefined;
  const member = last !== undefined && members.includes(last) ? last : members[0];
  if (!member || world.isHostDown(member)) return null;
  const crash: Intervention = { at, action: { kind: 'crash', member } };
  const crashed = new World({ ...spec, interventions: [...(spec.interventions ?? []), crash] });
  crashed.runUntil(at + LOSS_WINDOW_MS);
  const lost = crashed.trace.filter((e) => e.type === 'ledger.lost' && e.t >= at);
  const n = lost.length;
  // Counts of the same run: what the member holds, and the counts beside the answer.
  const cached = world.trace.filter((e) => e.type === 'session.access' && e.data?.member === member).length;
  const counts = [0, n + 1, Math.max(0, n - 1), n + 2, Math.min(cached, n + 3)].map(String);
  const choices = choicesWith(String(n), counts);
  // Counts read in order, not as text.
  choices.choices.sort((a, b) => Number(a) - Number(b));
  return {
    kind: 'lostIfCrash',
    at,
    prompt: `If ${member} crashed now, how many updates that users were told had been made would be lost within a minute?`,
    choices: choices.choices,
    answer: choices.choices.indexOf(String(n)),
    explanation:
      n === 0
        ? `None: every update ${member} had acknowledged was already in the session store, or its user's next request made it again.`
        : `${n}: ${lost
            .slice(0, 3)
            .map((e) => e.text)
            .join('; ')}${n > 3 ? '; …' : ''}.`,
    show: { crash: member },
  };
}
