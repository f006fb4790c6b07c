// What can be done to a running lab from outside (DOMAIN.md §9.3): a user's action or a fault, with
// the words that name it. The same words are typed on the command line (`--at "12 crash PluginMember1"`),
// stand in the trace's `lab` entries and in run files, so a reader can repeat any run. Applying one
// (applyIntervention) goes through the hands the world lends it; the world decides when.

import type { UserAction } from '../model/browserMachine.ts';
import type { ActorEvent } from '../model/effects.ts';
import type { AppOperation } from '../model/http.ts';
import { DATABASE } from './actors.ts';
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

/** What a GET's servlet may do, in the words --at names them. */
export const GET_OPS = ['view', 'increment', 'sync', 'logout'] as const;

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
