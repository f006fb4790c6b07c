// The words that name an action on the lab, read: `crash PluginMember1`, `post u1 /shop/cart 10KB lamp`,
// `3.5 partition ihs#1 PluginMember1`, as the command line's --at, the address's `at=` and a run file
// take them (interventions.ts writes them back with wordsOf). Apart from the world's own code: the page's
// simulation loads it only when an address or a file names actions.

import { readAtRefresh } from '../model/config.ts';
import type { AppOperation } from '../model/http.ts';
import { assignmentsOf } from '../model/assignments.ts';
import { GET_OPS, type Intervention, type InterventionAction } from './interventions.ts';

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
  const set = pluginCfgAssignments(words);
  if (set === null) throw new InterventionError(`"${words[0]}" is not PATH=VALUE (${usage})`);
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
 * The PATH=VALUE assignments of a plugin-cfg action's words: a word without `=` belongs to the value
 * before it (`plugin.cluster.loadBalance=Round Robin`). Null when the first word is not an assignment.
 */
export const pluginCfgAssignments = assignmentsOf;

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
  // A write error's reason is the trainee's words, whatever they hold (`ihs#2`, a path): read as they are.
  const free = name === 'write-error';
  for (const w of rest) {
    const k = parts || free ? null : /^ihs#(\d+)$/.exec(w);
    if (k) {
      if (process !== undefined) fail(`two web server processes given`);
      process = Number(k[1]);
      if (process < 1) fail(`web server processes are numbered from ihs#1`);
    } else if (w.startsWith('/') && path === undefined && !free) path = w;
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
