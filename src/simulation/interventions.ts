// What can be done to a running lab from outside (DOMAIN.md §9.3): a user's action or a fault, with
// the words that name it. The same words are typed on the command line (`--at "12 crash PluginMember1"`),
// stand in the trace's `lab` entries and in run files, so a reader can repeat any run. Applying one
// (applyIntervention) goes through the hands the world lends it; the world decides when.

import type { UserAction } from '../model/browserMachine.ts';
import type { ActorEvent } from '../model/effects.ts';
import type { AppOperation } from '../model/http.ts';
import { DATABASE } from './actors.ts';
import { readAtRefresh } from '../model/config.ts';
import type { WorldEvents, WorldType } from './trace.ts';

/** Something done to the world from outside: a user's action or a fault (DOMAIN.md §9.3). */
export type InterventionAction =
  | ({ kind: 'request'; user: string } & UserAction)
  | { kind: 'resubmit'; user: string }
  | { kind: 'loseCookie'; user: string }
  | { kind: 'crash'; member: string }
  | { kind: 'hang'; member: string }
  | { kind: 'stop'; member: string }
  | { kind: 'start'; member: string }
  | { kind: 'hostDown'; member: string }
  | { kind: 'hostUp'; member: string }
  | { kind: 'restartProcess'; process: number }
  | { kind: 'stopApplication'; member: string }
  | { kind: 'startApplication'; member: string }
  | { kind: 'databaseDown' }
  | { kind: 'databaseUp' }
  /** A non-catastrophic failure in the member's next write (DOMAIN.md §4.8): the JVM lives, the write rolls back. */
  | { kind: 'writeError'; member: string; reason?: string }
  /** Other traffic takes every web container thread and fills the listen backlog (DOMAIN.md §6.1 #2). */
  | { kind: 'overload'; member: string; seconds: number }
  /** The member's servlets take `seconds` longer each (a slow back end, long garbage collections); 0: normal. */
  | { kind: 'slow'; member: string; seconds: number }
  /** Messages between two hosts (members, web server processes, the database, the HA manager) are lost. */
  | { kind: 'partition'; a: string; b: string }
  | { kind: 'heal'; a: string; b: string }
  /** One message on the wire, by its number in the trace, is lost, or arrives `seconds` later. */
  | { kind: 'dropMessage'; message: number }
  | { kind: 'delayMessage'; message: number; seconds: number }
  /** Each memory-to-memory replication message takes `seconds` longer from now on; 0: no lag. */
  | { kind: 'replicationLag'; seconds: number }
  /**
   * The administrator edits ServerCluster or Server attributes in plugin-cfg.xml (paths as `--set` takes
   * them, values as text); each web server process takes the edit up at its next refresh.
   */
  | { kind: 'editPluginCfg'; set: readonly { path: string; value: string }[] };

export interface Intervention {
  /** Simulated milliseconds. */
  at: number;
  action: InterventionAction;
}

/** Input that does not name an action this lab can take; the message says what and where. */
export class InterventionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InterventionError';
  }
}

/** What a parser needs to know of the lab: the path a request goes to when none is given. */
export interface InterventionContext {
  defaultPath: string;
}

/** One action's words: its name, its arguments and what it does, for `--at help`. */
export interface ActionWords {
  name: string;
  args: string;
  help: string;
}

/** Every action, in the order `--at help` lists them. */
export const actionWords: readonly ActionWords[] = [
  {
    name: 'crash',
    args: 'MEMBER',
    help: "kill the member's JVM: its cache and requests in progress are gone",
  },
  {
    name: 'hang',
    args: 'MEMBER',
    help: 'the JVM hangs: connections are accepted, no request is answered',
  },
  {
    name: 'stop',
    args: 'MEMBER',
    help: 'a clean stop: requests inside finish, time-based writes are flushed',
  },
  { name: 'start', args: 'MEMBER', help: 'start a stopped or crashed member' },
  { name: 'unreachable', args: 'MEMBER', help: "the member's host drops off the network: packets are lost" },
  { name: 'reachable', args: 'MEMBER', help: "the member's host is reachable again" },
  { name: 'app-stop', args: 'MEMBER', help: 'stop the application: the web container answers 503' },
  { name: 'app-start', args: 'MEMBER', help: 'start the application again' },
  {
    name: 'restart-process',
    args: 'ihs#K',
    help: 'replace web server process K by a fresh one: its plug-in state starts empty',
  },
  { name: 'database-down', args: '', help: 'the session database goes down' },
  { name: 'database-up', args: '', help: 'the session database comes back' },
  {
    name: 'write-error',
    args: 'MEMBER [REASON...]',
    help: "the member's next session write fails without killing the JVM: it rolls back",
  },
  {
    name: 'overload',
    args: 'MEMBER [SECONDS]',
    help: 'other traffic takes every web container thread and fills the listen backlog (default 30 s)',
  },
  {
    name: 'slow',
    args: 'MEMBER SECONDS',
    help: "the member's servlets take SECONDS longer each (a slow back end, long garbage collections); 0: normal",
  },
  {
    name: 'partition',
    args: 'PART PART',
    help: 'messages between two parts are lost, both ways: members, ihs#K, database, haManager',
  },
  { name: 'heal', args: 'PART PART', help: 'the partition between two parts is over' },
  {
    name: 'drop-message',
    args: 'N',
    help: 'message N (its number in the event log) is lost on the wire, as if its connection had died',
  },
  { name: 'delay-message', args: 'N SECONDS', help: 'message N arrives SECONDS later than it would' },
  {
    name: 'replication-lag',
    args: 'SECONDS',
    help: 'each memory-to-memory replication message takes SECONDS longer from now on; 0: no lag',
  },
  {
    name: 'plugin-cfg',
    args: 'PATH=VALUE...',
    help: 'edit ServerCluster or Server attributes in plugin-cfg.xml; each process reads them once RefreshInterval has passed',
  },
  {
    name: 'get',
    args: 'USER PATH [view|increment|sync|logout] [ihs#K]',
    help: 'the user requests PATH; the servlet increments the counter unless told otherwise',
  },
  {
    name: 'post',
    args: 'USER PATH SIZE [ITEM] [ihs#K]',
    help: 'the user posts a form of SIZE (e.g. 10KB, 200KB, 5000B) that adds ITEM to the cart',
  },
  { name: 'resubmit', args: 'USER', help: 'the user submits the last form again' },
  { name: 'lose-cookie', args: 'USER', help: "the user's browser drops its cookies" },
  {
    name: 'change-in-place',
    args: 'USER cart [ITEM] [PATH] [ihs#K]',
    help: 'the servlet adds ITEM to the cart object it got from the session, without setAttribute',
  },
  {
    name: 'login',
    args: 'USER [PATH] [ihs#K]',
    help: 'the user logs out and in again: the old session ends, a new one starts',
  },
  {
    name: 'authoring',
    args: 'USER EDIT [PATH] [ihs#K]',
    help: "Portal: the user fills in the current screen of the Authoring portlet's three-screen edit",
  },
];

/** `--at help`: one line an action. */
export function actionHelp(): string {
  const width = Math.max(...actionWords.map((a) => `${a.name} ${a.args}`.trim().length));
  return actionWords.map((a) => `${`${a.name} ${a.args}`.trim().padEnd(width)}  ${a.help}`).join('\n');
}

const GET_OPS = ['view', 'increment', 'sync', 'logout'] as const;
const NAME = /^[A-Za-z][\w.-]{0,63}$/;

/** A body size: `10KB`, `1MB`, `5000B` or a bare number of bytes, as whole KB (from 1 byte to 1024 MB). */
function parseSize(word: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB)?$/i.exec(word);
  if (!m) return null;
  const unit = (m[2] ?? 'B').toUpperCase();
  const bytes = Number(m[1]) * (unit === 'MB' ? 1024 * 1024 : unit === 'KB' ? 1024 : 1);
  const kb = Math.ceil(bytes / 1024);
  return bytes >= 1 && kb <= 1024 * 1024 ? kb : null;
}

/**
 * `PATH=VALUE PATH=VALUE …`: a value may hold spaces (`plugin.cluster.loadBalance=Round Robin`), so a word
 * without `=` belongs to the value before it. Each path must be one the plug-in reads at a refresh.
 */
function parsePluginCfg(words: readonly string[], usage: string): InterventionAction {
  const set: { path: string; value: string }[] = [];
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq > 0 && /^[\w.[\]]+$/.test(w.slice(0, eq)))
      set.push({ path: w.slice(0, eq), value: w.slice(eq + 1) });
    else if (set.length > 0) set.at(-1)!.value += ` ${w}`;
    else throw new InterventionError(`"${w}" is not PATH=VALUE (${usage})`);
  }
  if (set.length === 0) throw new InterventionError(`plugin-cfg needs at least one PATH=VALUE (${usage})`);
  for (const { path } of set) {
    if (!readAtRefresh(path))
      throw new InterventionError(
        `${path} is not a ServerCluster or Server attribute the plug-in reads again at a refresh (${usage})`,
      );
  }
  return { kind: 'editPluginCfg', set };
}

/**
 * The action `words` name (`crash PluginMember1`, `post u1 /shop/cart 200KB lamp`). Names are checked
 * for their shape here; whether the lab has such a member or user is the world's to say.
 */
export function parseAction(words: readonly string[], ctx: InterventionContext): InterventionAction {
  const [name, ...rest] = words;
  if (name === undefined) throw new InterventionError(`no action given (try --at help)`);
  const spec = actionWords.find((a) => a.name === name);
  if (!spec) throw new InterventionError(`unknown action "${name}" (try --at help)`);
  const usage = `${name} ${spec.args}`.trim();
  const fail = (what: string): never => {
    throw new InterventionError(`${what} (${usage})`);
  };
  // ihs#K and /paths may stand anywhere after the user; the rest are positional.
  let process: number | undefined;
  let path: string | undefined;
  const positional: string[] = [];
  // A partition's parts may be web server processes: they are positional there. An edit's values are
  // anything: its words are read whole.
  if (name === 'plugin-cfg') return parsePluginCfg(rest, usage);
  const parts = name === 'partition' || name === 'heal';
  for (const w of rest) {
    const k = parts ? null : /^ihs#(\d+)$/.exec(w);
    if (k) {
      if (process !== undefined) fail(`two web server processes given`);
      process = Number(k[1]);
      if (process < 1) fail(`web server processes are numbered from ihs#1`);
    } else if (w.startsWith('/') && path === undefined && name !== 'write-error') path = w;
    else positional.push(w);
  }
  const requests = ['get', 'post', 'change-in-place', 'login', 'authoring'];
  if (process !== undefined && !requests.includes(name) && name !== 'restart-process')
    fail(`${name} takes no web server process`);
  if (path !== undefined && !requests.includes(name)) fail(`${name} takes no path`);
  if (path !== undefined && !/^\/[\w./~%-]*(\?[\w=&%.-]*)?$/.test(path)) fail(`"${path}" is not a path`);
  const member = (): string => {
    const m = positional.shift();
    if (m === undefined) return fail(`${name} needs a cluster member`);
    if (!NAME.test(m)) fail(`"${m}" is not a cluster member name`);
    return m;
  };
  const user = (): string => {
    const u = positional.shift();
    if (u === undefined) return fail(`${name} needs a user`);
    if (!/^[A-Za-z][\w-]{0,31}$/.test(u)) fail(`"${u}" is not a user name`);
    return u;
  };
  /** A host a partition can lie between: a member, ihs#K, database or haManager. */
  const part = (): string => {
    const p = positional.shift();
    if (p === undefined) return fail(`${name} needs two parts`);
    if (/^ihs#\d+$/.test(p) ? Number(p.slice(4)) < 1 : !NAME.test(p))
      fail(`"${p}" is not a part: a cluster member, ihs#K, database or haManager`);
    return p;
  };
  /** A number of seconds from `min` to `max`, to the millisecond. */
  const seconds = (min: number, max: number): number => {
    const s = positional.shift();
    if (s === undefined) return fail(`${name} needs a number of seconds`);
    if (!/^\d+(\.\d{1,3})?$/.test(s)) fail(`"${s}" is not a number of seconds`);
    const n = Number(s);
    if (n < min || n > max) fail(`${n} s is out of range (${min} to ${max})`);
    return n;
  };
  /** A message's number, as the trace gives it (msg=N). */
  const messageNumber = (): number => {
    const m = positional.shift();
    if (m === undefined || !/^[1-9]\d{0,8}$/.test(m)) return fail(`${name} needs a message number, e.g. 42`);
    return Number(m);
  };
  const done = <T>(a: T): T => {
    if (positional.length > 0) fail(`unexpected "${positional.join(' ')}"`);
    return a;
  };
  const via = process === undefined ? {} : { process };
  /** A form the user posts: the servlet does `op` with it. */
  const form = (u: string, url: string, bodyKB: number, op: AppOperation): InterventionAction =>
    done({ kind: 'request', user: u, method: 'POST', url, bodyKB, op, ...via });
  switch (name) {
    case 'crash':
    case 'hang':
    case 'stop':
    case 'start':
      return done({ kind: name, member: member() });
    case 'unreachable':
      return done({ kind: 'hostDown', member: member() });
    case 'reachable':
      return done({ kind: 'hostUp', member: member() });
    case 'app-stop':
      return done({ kind: 'stopApplication', member: member() });
    case 'app-start':
      return done({ kind: 'startApplication', member: member() });
    case 'restart-process': {
      if (process === undefined) {
        const k = positional.shift();
        if (k === undefined || !/^\d+$/.test(k)) return fail(`restart-process needs a process, e.g. ihs#1`);
        process = Number(k);
      }
      return done({ kind: 'restartProcess', process });
    }
    case 'database-down':
      return done({ kind: 'databaseDown' });
    case 'database-up':
      return done({ kind: 'databaseUp' });
    case 'write-error': {
      const m = member();
      const reason = positional.splice(0).join(' ');
      return reason ? { kind: 'writeError', member: m, reason } : { kind: 'writeError', member: m };
    }
    case 'overload': {
      const m = member();
      const s = positional.shift();
      if (s !== undefined && !/^\d+(\.\d+)?$/.test(s)) fail(`"${s}" is not a number of seconds`);
      const seconds = s === undefined ? 30 : Number(s);
      if (seconds <= 0 || seconds > 3600) fail(`overload lasts more than 0 and at most 3600 seconds`);
      return done({ kind: 'overload', member: m, seconds });
    }
    case 'slow': {
      const m = member();
      return done({ kind: 'slow', member: m, seconds: seconds(0, 600) });
    }
    case 'partition':
    case 'heal': {
      const a = part();
      const b = part();
      if (a === b) fail(`a partition lies between two different parts`);
      return done({ kind: name, a, b });
    }
    case 'drop-message':
      return done({ kind: 'dropMessage', message: messageNumber() });
    case 'delay-message': {
      const message = messageNumber();
      const by = seconds(0, 3600);
      if (by === 0) fail(`a delay is more than 0 seconds`);
      return done({ kind: 'delayMessage', message, seconds: by });
    }
    case 'replication-lag':
      return done({ kind: 'replicationLag', seconds: seconds(0, 600) });
    case 'get': {
      const u = user();
      if (path === undefined) return fail(`get needs a path, e.g. ${ctx.defaultPath}`);
      const o = positional.shift() ?? 'increment';
      if (!(GET_OPS as readonly string[]).includes(o)) fail(`"${o}" is not one of ${GET_OPS.join(', ')}`);
      const op = { kind: o } as AppOperation;
      return done({ kind: 'request', user: u, method: 'GET', url: path, op, ...via });
    }
    case 'post': {
      const u = user();
      if (path === undefined) return fail(`post needs a path, e.g. ${ctx.defaultPath}`);
      const size = positional.shift();
      if (size === undefined) return fail(`post needs a body size, e.g. 10KB`);
      const bodyKB = parseSize(size);
      if (bodyKB === null)
        return fail(`"${size}" is not a body size (e.g. 10KB, 200KB, 5000B; from 1 byte to 1024MB)`);
      return form(u, path, bodyKB, { kind: 'addToCart', item: positional.shift() ?? 'item' });
    }
    case 'change-in-place': {
      const u = user();
      const attribute = positional.shift();
      if (attribute !== 'cart')
        fail(
          attribute === 'counter'
            ? 'the counter is a number: it can only be replaced with setAttribute; change the cart'
            : `change-in-place needs the attribute cart`,
        );
      const item = positional.shift() ?? 'item';
      return form(u, path ?? ctx.defaultPath, 1, { kind: 'addToCartInPlace', item });
    }
    case 'login':
      return done({
        kind: 'request',
        user: user(),
        method: 'GET',
        url: path ?? ctx.defaultPath,
        op: { kind: 'login' },
        ...via,
      });
    case 'authoring': {
      const u = user();
      const edit = positional.shift();
      if (edit === undefined || !/^[\w-]{1,32}$/.test(edit))
        return fail(`authoring needs an edit: a word of letters, digits, _ or -`);
      return form(u, path ?? ctx.defaultPath, 1, { kind: 'authoring', edit });
    }
    case 'resubmit':
      return done({ kind: 'resubmit', user: user() });
    case 'lose-cookie':
      return done({ kind: 'loseCookie', user: user() });
  }
  return fail(`unknown action "${name}"`);
}

/** `T ACTION [ARGS...]`, T in simulated seconds (to the millisecond). */
export function parseIntervention(text: string, ctx: InterventionContext): Intervention {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [t, ...rest] = words;
  if (t === undefined || !/^\d+(\.\d{1,3})?$/.test(t))
    throw new InterventionError(`"${t ?? ''}" is not a time in simulated seconds (e.g. 2.5)`);
  return { at: Math.round(Number(t) * 1000), action: parseAction(rest, ctx) };
}

const sizeWords = (kb: number): string => (kb % 1024 === 0 ? `${kb / 1024}MB` : `${kb}KB`);

/**
 * The words that name `a` (`crash PluginMember1`); parseAction reads them back. A request no action
 * word names (a scenario's own) is written `request USER METHOD PATH (op)`.
 */
export function wordsOf(a: InterventionAction): string {
  switch (a.kind) {
    case 'crash':
    case 'hang':
    case 'stop':
    case 'start':
      return `${a.kind} ${a.member}`;
    case 'hostDown':
      return `unreachable ${a.member}`;
    case 'hostUp':
      return `reachable ${a.member}`;
    case 'stopApplication':
      return `app-stop ${a.member}`;
    case 'startApplication':
      return `app-start ${a.member}`;
    case 'restartProcess':
      return `restart-process ihs#${a.process}`;
    case 'databaseDown':
      return 'database-down';
    case 'databaseUp':
      return 'database-up';
    case 'writeError':
      return `write-error ${a.member}${a.reason ? ` ${a.reason}` : ''}`;
    case 'overload':
      return `overload ${a.member} ${a.seconds}`;
    case 'slow':
      return `slow ${a.member} ${a.seconds}`;
    case 'partition':
    case 'heal':
      return `${a.kind} ${a.a} ${a.b}`;
    case 'dropMessage':
      return `drop-message ${a.message}`;
    case 'delayMessage':
      return `delay-message ${a.message} ${a.seconds}`;
    case 'replicationLag':
      return `replication-lag ${a.seconds}`;
    case 'editPluginCfg':
      return `plugin-cfg ${a.set.map((x) => `${x.path}=${x.value}`).join(' ')}`;
    case 'resubmit':
      return `resubmit ${a.user}`;
    case 'loseCookie':
      return `lose-cookie ${a.user}`;
    case 'request': {
      const via = a.process === undefined ? '' : ` ihs#${a.process}`;
      const op = a.op;
      if (a.method === 'GET' && (GET_OPS as readonly string[]).includes(op.kind))
        return `get ${a.user} ${a.url}${op.kind === 'increment' ? '' : ` ${op.kind}`}${via}`;
      if (a.method === 'GET' && op.kind === 'login') return `login ${a.user} ${a.url}${via}`;
      if (a.method === 'POST' && op.kind === 'addToCart')
        return `post ${a.user} ${a.url} ${sizeWords(a.bodyKB ?? 1)} ${op.item}${via}`;
      if (a.method === 'POST' && op.kind === 'addToCartInPlace' && (a.bodyKB ?? 1) === 1)
        return `change-in-place ${a.user} cart ${op.item} ${a.url}${via}`;
      if (a.method === 'POST' && op.kind === 'authoring' && (a.bodyKB ?? 1) === 1)
        return `authoring ${a.user} ${op.edit} ${a.url}${via}`;
      return `request ${a.user} ${a.method} ${a.url} (${op.kind})${via}`;
    }
  }
}

/** What the servlet does for an operation, in the product's words. */
export function describeOperation(op: AppOperation): string {
  switch (op.kind) {
    case 'view':
      return 'the servlet only reads the session';
    case 'increment':
      return 'the servlet sets the counter one higher (setAttribute)';
    case 'addToCart':
      return `the servlet adds ${op.item} to the cart (setAttribute)`;
    case 'addToCartInPlace':
      return `the servlet adds ${op.item} to the cart object it got from the session, without setAttribute`;
    case 'sync':
      return 'the servlet calls IBMSession.sync()';
    case 'logout':
      return 'the servlet invalidates the session (logout)';
    case 'login':
      return 'the user logs out and in again';
    case 'authoring':
      return `the user fills in a screen of the Authoring portlet's edit with "${op.edit}" and goes on`;
  }
}

/** The world's hands, as an intervention uses them. */
export interface InterventionHands {
  /** Appends the lab's trace entry. */
  note(type: WorldType, text: string, data: Record<string, string | number>): void;
  /** Hands an event made for this intervention to an actor (a browser, a member, the database). */
  deliver(actor: string, event: ActorEvent): void;
  /** How many web server processes the lab has (ihs#1 … ihs#N). */
  readonly processes: number;
  /** Replaces web server process `k` by a fresh one. */
  restartProcess(k: number): void;
  /** Takes a member's host off the network, or brings it back. */
  hostDown(member: string): void;
  hostUp(member: string): void;
  /** Loses the messages between two hosts, or ends that. */
  partition(a: string, b: string): void;
  heal(a: string, b: string): void;
  /** The message on the wire with this number, if any: its type and ends. */
  inFlight(id: number): { type: string; fromName: string; toName: string; deliverAt: number } | undefined;
  /** Takes a message off the wire for good. */
  dropMessage(id: number): void;
  /** Delays a message on the wire by `ms`. */
  delayMessage(id: number, ms: number): void;
  /** Milliseconds added to each replication message from now on. */
  replicationLag(ms: number): void;
  /** Writes the edit into plugin-cfg.xml and plans each process's next refresh. */
  editPluginCfg(set: readonly { path: string; value: string }[]): void;
  /** Seconds between a process's checks of plugin-cfg.xml (Config RefreshInterval). */
  readonly refreshInterval: number;
}

/**
 * Does `action` to the world: the lab's entry first, naming the action with the words that type it
 * (`crash PluginMember1`: what happens), then the event to the actor it concerns.
 */
export function applyIntervention(action: InterventionAction, hands: InterventionHands): void {
  const words = wordsOf(action);
  // Each lab entry carries the details its type declares (trace.ts), besides the action's words.
  const lab = <K extends WorldType>(type: K, what: string, data: Omit<WorldEvents[K], 'action'>) =>
    hands.note(type, `${words}: ${what}`, { action: words, ...data });
  switch (action.kind) {
    case 'request': {
      const { kind: _k, user, ...userAction } = action;
      lab('user.request', describeOperation(userAction.op), { user });
      hands.deliver(user, { type: 'user.request', ...userAction });
      break;
    }
    case 'resubmit':
      lab('user.resubmit', 'the user submits the last form again', { user: action.user });
      hands.deliver(action.user, { type: 'user.resubmit' });
      break;
    case 'loseCookie':
      lab('user.loseCookie', 'the browser drops its cookies', { user: action.user });
      hands.deliver(action.user, { type: 'user.loseCookie' });
      break;
    case 'crash':
      lab('fault.crash', 'the JVM is killed', { member: action.member });
      hands.deliver(action.member, { type: 'fault.crash' });
      break;
    case 'hang':
      lab('fault.hang', 'the JVM hangs', { member: action.member });
      hands.deliver(action.member, { type: 'fault.hang' });
      break;
    case 'stop':
      lab('member.stop', 'the administrator stops the member', { member: action.member });
      hands.deliver(action.member, { type: 'member.stop' });
      break;
    case 'start':
      lab('member.start', 'the administrator starts the member', { member: action.member });
      hands.deliver(action.member, { type: 'member.start' });
      break;
    case 'restartProcess':
      if (action.process < 1 || action.process > hands.processes) break;
      lab(
        'webserver.restartProcess',
        'the web server process is replaced by a fresh one: its plug-in state starts empty',
        { process: action.process },
      );
      hands.restartProcess(action.process);
      break;
    case 'stopApplication':
      lab('app.stop', 'the administrator stops the application on the member', { member: action.member });
      hands.deliver(action.member, { type: 'app.stop' });
      break;
    case 'startApplication':
      lab('app.start', 'the administrator starts the application on the member', {
        member: action.member,
      });
      hands.deliver(action.member, { type: 'app.start' });
      break;
    case 'hostDown':
      lab('fault.hostDown', "the member's host drops off the network: packets to it are lost", {
        member: action.member,
      });
      hands.hostDown(action.member);
      break;
    case 'hostUp':
      lab('fault.hostUp', "the member's host is reachable again", { member: action.member });
      hands.hostUp(action.member);
      break;
    case 'databaseDown':
      lab('fault.databaseDown', 'the session database goes down', {});
      hands.deliver(DATABASE, { type: 'fault.databaseDown' });
      break;
    case 'databaseUp':
      lab('fault.databaseUp', 'the session database comes back', {});
      hands.deliver(DATABASE, { type: 'fault.databaseUp' });
      break;
    case 'writeError': {
      const reason = action.reason ?? 'a non-catastrophic failure while writing';
      lab(
        'fault.writeError',
        `the member's next session write fails (${reason}): the JVM lives, the write rolls back`,
        { member: action.member },
      );
      hands.deliver(action.member, { type: 'fault.writeError', reason });
      break;
    }
    case 'overload':
      lab('fault.overload', `a flood of other traffic reaches the member for ${action.seconds} s`, {
        member: action.member,
        seconds: action.seconds,
      });
      hands.deliver(action.member, { type: 'fault.overload', seconds: action.seconds });
      break;
    case 'slow':
      lab(
        'fault.slow',
        action.seconds > 0
          ? `the member's servlets take ${action.seconds} s longer each (a slow back end, long garbage collections)`
          : "the member's servlets take their usual time again",
        { member: action.member, seconds: action.seconds },
      );
      hands.deliver(action.member, { type: 'fault.slow', ms: Math.round(action.seconds * 1000) });
      break;
    case 'partition':
      lab('fault.partition', `a network partition: messages between ${action.a} and ${action.b} are lost`, {
        a: action.a,
        b: action.b,
      });
      hands.partition(action.a, action.b);
      break;
    case 'heal':
      lab('fault.heal', `the partition is over: ${action.a} and ${action.b} reach each other again`, {
        a: action.a,
        b: action.b,
      });
      hands.heal(action.a, action.b);
      break;
    case 'dropMessage': {
      const m = hands.inFlight(action.message);
      lab(
        'fault.dropMessage',
        m
          ? `${m.type} from ${m.fromName} to ${m.toName} is lost on the wire: it never arrives`
          : `message ${action.message} is not on the wire now: nothing is lost`,
        { message: action.message, lost: m ? 1 : 0 },
      );
      if (m) hands.dropMessage(action.message);
      break;
    }
    case 'delayMessage': {
      const m = hands.inFlight(action.message);
      const ms = Math.round(action.seconds * 1000);
      lab(
        'fault.delayMessage',
        m
          ? `${m.type} from ${m.fromName} to ${m.toName} is held up on the wire: it arrives ${action.seconds} s later`
          : `message ${action.message} is not on the wire now: nothing is delayed`,
        { message: action.message, deliverAt: m ? m.deliverAt + ms : -1 },
      );
      if (m) hands.delayMessage(action.message, ms);
      break;
    }
    case 'editPluginCfg': {
      lab(
        'lab.editPluginCfg',
        `the administrator edits plugin-cfg.xml; each web server process reads it again with the first request it takes once RefreshInterval (${hands.refreshInterval} s) has passed since its last check`,
        {},
      );
      hands.editPluginCfg(action.set);
      break;
    }
    case 'replicationLag':
      lab(
        'fault.replicationLag',
        action.seconds > 0
          ? `each memory-to-memory replication message takes ${action.seconds} s longer from now on`
          : 'replication messages take their usual time again',
        { seconds: action.seconds },
      );
      hands.replicationLag(Math.round(action.seconds * 1000));
      break;
  }
}
