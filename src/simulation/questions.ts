// Questions a trainee answers before the run shows the answer, each computed from the run itself: the
// same run (config + seed + interventions) simulated a little further, or with one more fault. Wrong
// answers are real members, real clone IDs and real counts of the same run, never invented words, and
// the same run at the same instant always asks and answers the same.

import type { BrowserContext } from '../model/browserMachine.ts';
import type { HttpRequest } from '../model/http.ts';
import type { PluginProcessContext } from '../model/pluginProcessMachine.ts';
import { usesPartitionIds } from '../model/replication.ts';
import type { Intervention } from './interventions.ts';
import { formatTime, type TraceEntry } from './trace.ts';
import { World, type RunSpec } from './world.ts';

export type QuestionKind = 'nextServer' | 'cookieAfter' | 'lostIfCrash' | 'recoveringMember' | 'postResent';

export const QUESTION_KINDS: readonly QuestionKind[] = [
  'nextServer',
  'cookieAfter',
  'lostIfCrash',
  'recoveringMember',
  'postResent',
];

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
  /**
   * Where the run shows the answer (ms), or the crash that shows it: the trainee may make it at `at` and
   * watch until `until` (ms).
   */
  show: { t: number } | { crash: string; at: number; until: number };
}

/** How far ahead the lab looks for the moment that answers a question. */
const HORIZON_MS = 10 * 60 * 1000;
/** How long after a crash the updates it loses are counted. */
const LOSS_WINDOW_MS = 60 * 1000;
const FAILED = 'No member: the request fails';
/** How long after a crash that loses nothing the trainee watches the run go on. */
const WATCH_MS = 5000;

/**
 * The question of `kind` at instant `at` of a run, or null when the run has none to ask there. The run is
 * its spec, simulated from its start, or a world of it already simulated (the page's): then the question
 * starts from a copy of that world at `at` (World.forkAt), however long the run is.
 */
export function askQuestion(run: RunSpec | World, at: number, kind: QuestionKind): Question | null {
  let world: World;
  if (run instanceof World) world = run.forkAt(at);
  else {
    world = new World(run);
    world.runUntil(at);
  }
  switch (kind) {
    case 'nextServer':
      return nextServer(world, at);
    case 'cookieAfter':
      return cookieAfter(world, at);
    case 'lostIfCrash':
      return lostIfCrash(world, at);
    case 'recoveringMember':
      return recoveringMember(world, at);
    case 'postResent':
      return postResent(world, at);
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

/**
 * The first request a user sends after `at`, the page that answers it, and the plug-in's words for its
 * route: a question about it is asked before the plug-in has decided.
 */
function nextPage(world: World, at: number) {
  const from = world.trace.length;
  const until = at + HORIZON_MS;
  const request = runTo(
    world,
    from,
    until,
    (e) => e.type === 'http.request' && e.actor.startsWith('browser:'),
  );
  if (!request) return null;
  const page = runTo(
    world,
    world.trace.indexOf(request) + 1,
    until,
    (e) => e.type === 'browser.page' && e.actor === request.actor,
  );
  if (!page || page.type !== 'browser.page') return null;
  const steps = world.trace.filter(
    (e) => e.type === 'plugin.step' && e.data?.request === page.data?.request && e.t <= page.t,
  );
  // The step that decided: a replacement picked (9), else affinity (4), else the stream (10).
  const deciding =
    [...steps].reverse().find((e) => e.type === 'plugin.step' && e.data?.step === 9) ??
    steps.find((e) => e.type === 'plugin.step' && e.data?.step === 4) ??
    steps.at(-1);
  // The request as the user sent it, without the cookie it carried.
  const sent = request.text.replace(/\s*\[.*\]$/, '');
  const status = page.data?.status ?? 0;
  return { page, servedBy: status >= 400 ? '' : (page.data?.servedBy ?? ''), request: sent, deciding };
}

/** A whole number drawn from `key` (the run's seed and the instant asked): the same run, the same draw. */
function drawn(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** `list` in an order drawn from `key`. */
function shuffled<T>(list: readonly T[], key: string): T[] {
  return [...list]
    .map((item, i) => ({ item, k: drawn(`${key}:${i}`) }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.item);
}

/**
 * Up to four choices holding `answer`: the others drawn from `others` by `key` (so the answer is not told
 * by which ones are there), then sorted as text.
 */
function choicesWith(
  answer: string,
  others: readonly string[],
  key: string,
): { choices: string[]; answer: number } {
  const wrong = shuffled(
    others.filter((o, i) => o !== answer && others.indexOf(o) === i),
    key,
  ).slice(0, 3);
  const choices = [answer, ...wrong].sort((a, b) => a.localeCompare(b, 'en'));
  return { choices, answer: choices.indexOf(answer) };
}

function nextServer(world: World, at: number): Question | null {
  const next = nextPage(world, at);
  if (!next) return null;
  const { page, request, deciding, servedBy } = next;
  const members = world.config.plugin.cluster.servers.map((s) => s.memberName);
  const served = members.includes(servedBy) ? servedBy : FAILED;
  const failedPage = served === FAILED;
  const user = userOf(page.actor);
  return {
    kind: 'nextServer',
    at,
    prompt: `The next page a user gets is ${user}'s ${request}. Which cluster member serves it?`,
    ...choicesWith(served, [...members, FAILED], `${world.runSpec.seed}:${at}:nextServer`),
    explanation: failedPage
      ? `${user} got ${page.text} at ${formatTime(page.t)}: no member served it.`
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
  // Partition IDs (memory-to-memory peer-to-peer) stand where clone IDs stood: another question.
  if (!config.sessionManager.enableCookies || usesPartitionIds(config)) return null;
  const cookie = config.sessionManager.cookieName;
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
    prompt: `${user}'s ${cookie} ends with ${shownAs(before)} now. After the page for its ${request}, it ends with…`,
    ...choicesWith(shownAs(after), candidates, `${world.runSpec.seed}:${at}:cookieAfter`),
    explanation: `${served?.memberName ?? 'No member'} answered at ${formatTime(page.t)}; the ${cookie} ${user} holds then ends with ${shownAs(after)}.`,
    show: { t: page.t },
  };
}

function lostIfCrash(world: World, at: number): Question | null {
  // A running member: the one that served the latest page (the one a trainee would ask about).
  const running = world.config.plugin.cluster.servers
    .map((s) => s.memberName)
    .filter((m) => world.inState(m, 'running') && !world.isHostDown(m));
  let lastPage: TraceEntry | undefined;
  for (let i = world.visibleCount - 1; i >= 0 && !lastPage; i--)
    if (world.trace[i]!.type === 'browser.page') lastPage = world.trace[i];
  const last = lastPage?.type === 'browser.page' ? lastPage.data?.servedBy : undefined;
  const member = last !== undefined && running.includes(last) ? last : running[0];
  if (!member) return null;
  // The updates the crash loses: lost in the run with it, and not in the run without it.
  const lostIn = (crash: Intervention | null): TraceEntry[] => {
    const w = world.forkAt(at);
    if (crash) w.intervene(crash);
    w.runUntil(at + LOSS_WINDOW_MS);
    return w.trace.filter((e) => e.type === 'ledger.lost' && e.t >= at);
  };
  const without = new Set(lostIn(null).map((e) => e.text));
  const lost = lostIn({ at, action: { kind: 'crash', member } }).filter((e) => !without.has(e.text));
  const n = lost.length;
  // Wrong answers are counts of the same run: the sessions the member has served, the updates its pages
  // acknowledged so far, and none.
  const sessions = new Set(
    world.trace.flatMap((e) =>
      e.type === 'session.access' && e.data?.member === member ? [e.data.session] : [],
    ),
  ).size;
  const acknowledged = world.trace.filter(
    (e) => e.type === 'browser.page' && e.data?.servedBy === member && e.data.update !== null,
  ).length;
  const counts = [...new Set([n, 0, sessions, acknowledged])].sort((a, b) => a - b).slice(0, 4);
  if (!counts.includes(n)) counts[counts.length - 1] = n;
  const choices = [...new Set(counts)].sort((a, b) => a - b).map(String);
  return {
    kind: 'lostIfCrash',
    at,
    prompt: `If ${member} crashed now, how many updates that users were told had been made would be lost within a minute?`,
    choices,
    answer: choices.indexOf(String(n)),
    explanation:
      n === 0
        ? `None: every update ${member} had acknowledged was already in the session store, or its user's next request made it again.`
        : `${n}: ${lost
            .slice(0, 3)
            .map((e) => e.text)
            .join('; ')}${n > 3 ? '; …' : ''}.`,
    // Watched up to the last update the crash loses (or, losing none, the few seconds of its failover).
    show: { crash: member, at, until: lost.at(-1)?.t ?? at + WATCH_MS },
  };
}

const NONE_SENDS = 'None of them, within ten minutes';

/**
 * A member running again that some web server process still has marked down: which process sends it the
 * next request? Each process keeps its own mark-downs and retry timers (DOMAIN.md §2.5), so one may send to
 * the member while another still skips it.
 */
function recoveringMember(world: World, at: number): Question | null {
  const processes = world
    .actorRecords()
    .filter((r) => r.kind === 'process')
    .map((r) => ({ name: r.id, table: (r.snapshot.context as PluginProcessContext).table }));
  const member = world.config.plugin.cluster.servers
    .map((s) => s.memberName)
    .find(
      (m) =>
        world.inState(m, 'running') &&
        !world.isHostDown(m) &&
        processes.some((p) => p.table.servers[m]?.markedDown),
    );
  if (!member) return null;
  const marks = processes.map(({ name, table }) => {
    const state = table.servers[member];
    return state?.markedDown
      ? `${name} has it marked down${state.retryAt !== null ? `, its retry interval ending at ${formatTime(state.retryAt)}` : ''}`
      : `${name} does not have it marked down`;
  });
  const sent = runTo(
    world,
    world.trace.length,
    at + HORIZON_MS,
    (e) => e.type === 'http.request' && e.actor.startsWith('ihs#') && e.data?.to === member,
  );
  const answer = sent ? sent.actor : NONE_SENDS;
  return {
    kind: 'recoveringMember',
    at,
    prompt: `${member} is running again, but not every web server process knows it yet. Which process sends it the next request?`,
    ...choicesWith(
      answer,
      [...processes.map((p) => p.name), NONE_SENDS],
      `${world.runSpec.seed}:${at}:recovering`,
    ),
    explanation: `${sent ? `${sent.actor} sent it a request at ${formatTime(sent.t)}.` : `No process sent it a request within ten minutes.`} When asked, ${marks.join('; ')}: each process marks members down on its own.`,
    show: { t: sent?.t ?? at },
  };
}

/** How many POSTs the lab looks at for one that a crash would reach inside its member. */
const MAX_POSTS = 5;

const resentTo = (member: string): string => `Sent again to ${member}`;
const notResent = (status: number): string => `Not sent again: the user gets ${status}`;

/** A POST a user's browser has sent and not had an answer to, by the browser holding it. */
function pendingPosts(world: World): HttpRequest[] {
  return world
    .actorRecords()
    .filter((r) => r.kind === 'browser')
    .flatMap((r) => [...(r.snapshot.context as BrowserContext).pending.values()])
    .filter((req) => req.method === 'POST' && req.bodyKB > 0);
}

const forRequest =
  (id: string, ...types: string[]) =>
  (e: TraceEntry): boolean =>
    types.includes(e.type) && (e.data as { request?: string } | undefined)?.request === id;

/**
 * Will this POST be sent again when its member dies? A POST still inside a member that crashed, hung or
 * went off the network is answered by the run; one inside (or on its way to) a running member, by the run
 * with that member's JVM killed while the servlet has it. The plug-in can send the body again to another
 * member only if it kept a copy: within PostBufferSize (DOMAIN.md §2.6).
 */
function postResent(world: World, at: number): Question | null {
  const until = at + HORIZON_MS;
  const visible = world.trace.slice(0, world.visibleCount);
  // The POSTs inside a member now (or on their way), each with where the servlet has it and whether that
  // member is still alive: read before the run goes on.
  const queue: Candidate[] = pendingPosts(world).map((post) => {
    const inside = visible.filter(forRequest(post.id, 'session.access')).at(-1) ?? null;
    const member = inside?.type === 'session.access' ? inside.data!.member : null;
    return { post, sent: true, inside, dead: member !== null && deadHow(world, member) };
  });
  const seen = new Set<string>();
  let scan = world.trace.length;
  // The next POST a browser sends, read from the browser as it sends it.
  const nextPost = (): Candidate | null => {
    for (;;) {
      const sent = runTo(
        world,
        scan,
        until,
        (e) => e.type === 'http.request' && e.actor.startsWith('browser:') && e.text.startsWith('POST '),
      );
      if (!sent) return null;
      const i = world.trace.indexOf(sent);
      scan = i + 1;
      world.seekToEntry(i);
      const post = pendingPosts(world)
        .filter((r) => !seen.has(r.id))
        .at(-1);
      if (post) return { post, sent: false, inside: null, dead: false };
    }
  };
  for (let n = 0; n < MAX_POSTS; n++) {
    const candidate = queue.shift() ?? nextPost();
    if (!candidate) return null;
    seen.add(candidate.post.id);
    const q = askAboutPost(world, at, candidate, until);
    if (q) return q;
  }
  return null;
}

interface Candidate {
  post: HttpRequest;
  /** Sent by the instant asked (else the next POST sent after it). */
  sent: boolean;
  /** The servlet's start on it, when one has started by the instant asked. */
  inside: TraceEntry | null;
  /** How its member died, when it has, with the POST inside: words for the question. */
  dead: string | false;
}

/** How a member no longer answers, or false while it is running and reachable. */
function deadHow(world: World, member: string): string | false {
  if (world.isHostDown(member)) return 'went off the network';
  if (world.inState(member, 'running')) return false;
  if (world.inState(member, 'crashed')) return 'was killed';
  if (world.inState(member, 'hung')) return 'stopped answering';
  return 'was stopped';
}

function askAboutPost(
  world: World,
  at: number,
  { post, sent, inside: before, dead }: Candidate,
  until: number,
): Question | null {
  const id = post.id;
  // Where the servlet has it: the member that began on it by the instant asked, else the next one.
  const inside =
    before ??
    runTo(
      world,
      world.visibleCount,
      until,
      forRequest(id, 'session.access', 'browser.page', 'browser.postLost'),
    );
  if (!inside || inside.type !== 'session.access') return null;
  const member = inside.data!.member;
  const path = post.url.replace(/;jsessionid=[^?]*/, '');
  const request = `POST ${path} (${post.bodyKB} KB body)`;
  // A member already dead with the POST inside: the run answers. Else the run with that member killed.
  let run = world;
  let prompt: string;
  let failedAt: number;
  if (before && dead) {
    prompt = `${member} ${dead} while ${post.user}'s ${request} was inside it. What becomes of the POST?`;
    failedAt = inside.t;
  } else {
    failedAt = Math.max(at, inside.t + 1);
    const crash: Intervention = { at: failedAt, action: { kind: 'crash', member } };
    run = world.forkAt(failedAt);
    run.intervene(crash);
    const where = before
      ? `${post.user}'s ${request} is inside ${member}`
      : sent
        ? `${post.user}'s ${request} is on its way to ${member}`
        : `${post.user}'s next ${request} goes to ${member}`;
    prompt = `${where}. If ${member}'s JVM were killed before it answers, what would become of the POST?`;
  }
  const end = runTo(run, 0, until, forRequest(id, 'browser.page', 'browser.postLost'));
  const status = end?.type === 'browser.page' ? (end.data?.status ?? 0) : 0;
  const servedBy = end?.type === 'browser.page' ? (end.data?.servedBy ?? '') : '';
  // The crash came too late for it: the member had answered already.
  if (run !== world && end?.type === 'browser.page' && status < 400 && servedBy === member) return null;
  const mine = run.trace.filter(
    (e) =>
      e.t >= failedAt &&
      (end === null || e.t <= end.t) &&
      forRequest(id, 'plugin.step', 'plugin.error', 'session.access')(e),
  );
  // Another member the plug-in sent the body to after the failure.
  const sentAgain = mine
    .map((e) => (e.data as { member?: string } | undefined)?.member)
    .find((m) => m !== undefined && m !== member);
  const answer =
    end === null
      ? 'No answer yet ten minutes later'
      : end.type === 'browser.postLost'
        ? `Sent again to ${sentAgain ?? 'another member'}, which redirects it: the form data is lost`
        : status < 400
          ? servedBy === member
            ? `${member} answers it after all`
            : resentTo(servedBy)
          : sentAgain
            ? `Sent again to ${sentAgain}, but the user gets ${status}`
            : notResent(status);
  // The cluster as the web server process that walked the request has read plugin-cfg.xml (an edit to
  // the file reaches it at its next refresh), not as the run began.
  const walker = run.trace.find(forRequest(id, 'plugin.step'))?.actor;
  const process = run.actorRecords().find((r) => r.kind === 'process' && r.id === walker);
  const cluster = (process?.snapshot.context as PluginProcessContext | undefined)?.cluster ?? run.pluginFile;
  const members = cluster.servers.map((s) => s.memberName);
  const others = [...members.filter((m) => m !== member).map(resentTo), notResent(500)];
  const buffer = cluster.postBufferSize;
  const kept =
    buffer === -1
      ? `PostBufferSize is -1: the plug-in keeps a copy of any body`
      : buffer === 0
        ? `PostBufferSize is 0: the plug-in keeps no copy of the body`
        : post.bodyKB <= buffer
          ? `The ${post.bodyKB} KB body fits within PostBufferSize (${buffer} KB): the plug-in keeps a copy of it`
          : `The ${post.bodyKB} KB body is larger than PostBufferSize (${buffer} KB): the plug-in keeps no copy of it`;
  const decided =
    mine.find((e) => e.type === 'plugin.error') ??
    mine.find((e) => e.type === 'plugin.step' && e.data?.step === 9);
  const killed = run === world ? '' : `With ${member} killed at ${formatTime(failedAt)}, `;
  // The plug-in's own words, then what the user saw (by its status alone when those words said it).
  const said = decided ? ` ${decided.actor}, ${decided.text.replace(/\.$/, '')}.` : '';
  const outcome =
    end === null
      ? ` ${post.user} still had no answer ten minutes later.`
      : decided?.type === 'plugin.error'
        ? ` ${post.user} got ${status} at ${formatTime(end.t)}.`
        : ` ${post.user} got ${end.text} at ${formatTime(end.t)}.`;
  const why = killed ? kept.replace(/^The /, 'the ') : kept;
  return {
    kind: 'postResent',
    at,
    prompt,
    ...choicesWith(answer, others, `${world.runSpec.seed}:${at}:postResent`),
    explanation: `${killed}${why}.${said}${outcome}`,
    show:
      run === world
        ? { t: end?.t ?? at }
        : { crash: member, at: failedAt, until: end?.t ?? failedAt + LOSS_WINDOW_MS },
  };
}
