// The run's record: every domain event with its simulated time, the actor it happened at, and details.
// Append-only; everything a person sees is a projection of it (DESIGN.md §1). Entry types are one
// discriminated union: the machines' lines and messages (model/traceEvents.ts) and the world's own.

import type { LineEvents, MessageEvents, TraceScalar } from '../model/traceEvents.ts';

export type { TraceScalar };

/** What the world adds to every message it traces: its number, where it goes, when it arrives. */
export interface MessageFields {
  msg: number;
  /** The receiver's name. */
  to: string;
  deliverAt: number;
  /** Lost on the way: the sender's or the receiver's host is off the network. */
  dropped?: boolean;
}

/** The words that typed an intervention (`crash PluginMember1`), on each of its lab entries. */
interface Intervened {
  action: string;
}

/** The world's own lines: interventions (actor `lab`), the monitors' findings (`monitor`), late messages. */
export interface WorldEvents {
  'user.request': Intervened & { user: string };
  'user.resubmit': Intervened & { user: string };
  'user.loseCookie': Intervened & { user: string };
  'fault.crash': Intervened & { member: string };
  'fault.hang': Intervened & { member: string };
  'fault.hostDown': Intervened & { member: string };
  'fault.hostUp': Intervened & { member: string };
  'fault.databaseDown': Intervened;
  'fault.databaseUp': Intervened;
  'fault.writeError': Intervened & { member: string };
  'fault.overload': Intervened & { member: string; seconds: number };
  'fault.slow': Intervened & { member: string; seconds: number };
  'fault.partition': Intervened & { a: string; b: string };
  'fault.heal': Intervened & { a: string; b: string };
  /** `lost` 1 when the message was on the wire (and is now gone), 0 when it was not. */
  'fault.dropMessage': Intervened & { message: number; lost: 0 | 1 };
  /** `deliverAt` the message's new arrival, -1 when it was not on the wire. */
  'fault.delayMessage': Intervened & { message: number; deliverAt: number };
  'fault.replicationLag': Intervened & { seconds: number };
  /** The administrator edited plugin-cfg.xml (the action's words name the settings). */
  'lab.editPluginCfg': Intervened;
  'member.stop': Intervened & { member: string };
  'member.start': Intervened & { member: string };
  'app.stop': Intervened & { member: string };
  'app.start': Intervened & { member: string };
  'webserver.restartProcess': Intervened & { process: number };
  /** One session served by two JVMs at once (DOMAIN.md §6.1). */
  'monitor.sessionInTwoJvms': { session: string; members: string };
  /** A process sent to a member it had marked down, before its retry interval was over. */
  'monitor.sentToMarkedDown': { process: string; member: string };
  /** An acknowledged update (or Authoring edit) that no copy of the session holds any more. */
  'ledger.lost': {
    update: string;
    user: string;
    session: string;
    attribute: string;
    acknowledgedAt: number;
    /** The entry type that made the loss visible. */
    cause: string;
  };
  /** A message that arrived after its receiver had finished (a walk that gave up). */
  'net.late': { msg: number };
  /** A message in flight when a partition began between its two ends: it never arrives. */
  'net.lost': { message: number };
}

export type LineType = keyof LineEvents;
export type MessageType = keyof MessageEvents;
export type WorldType = keyof WorldEvents;
export type TraceType = LineType | MessageType | WorldType;

interface Base<K extends TraceType> {
  /** Position in the trace, from 0. */
  readonly seq: number;
  /** Simulated milliseconds. */
  readonly t: number;
  /** Where it happened: `browser:u1`, `ihs#2`, `PluginMember1`, `database`, `lab`, `monitor`. */
  readonly type: K;
  readonly actor: string;
  /** A short human description in the product's words. */
  readonly text: string;
}

/** A line a machine wrote, with its details. */
export type LineEntry = {
  [K in LineType]: Base<K> & { readonly data?: Readonly<NonNullable<LineEvents[K]>> };
}[LineType];

/** A message, traced when sent, with where it goes and what the sender added. */
export type MessageEntry = {
  [K in MessageType]: Base<K> & {
    readonly data: Readonly<
      MessageEvents[K] extends undefined
        ? MessageFields
        : MessageFields & Partial<NonNullable<MessageEvents[K]>>
    >;
  };
}[MessageType];

/** An entry of the world's own. */
export type WorldEntry = {
  [K in WorldType]: Base<K> & { readonly data: Readonly<WorldEvents[K]> };
}[WorldType];

/** One traced event; `type` is dotted by origin (`http.request`, `plugin.markDown`, `db.commit`). */
export type TraceEntry = LineEntry | MessageEntry | WorldEntry;

/** Any details, as a view that shows every entry alike reads them. */
export type AnyDetails = Readonly<Record<string, TraceScalar | undefined>>;

/** An entry's details as plain key → value pairs (empty when it has none). */
export function detailsOf(e: TraceEntry): AnyDetails {
  return (e.data ?? {}) as AnyDetails;
}

/** Whether the entry is a message (it has a receiver and a delivery time). */
export function isMessage(e: TraceEntry): e is MessageEntry {
  return e.data !== undefined && 'msg' in e.data && 'deliverAt' in e.data;
}

/** Simulated milliseconds as `12.000s`. */
export function formatTime(t: number): string {
  return `${(t / 1000).toFixed(3)}s`;
}

/** `t=12.000s ihs#2 http.request → PluginMember1 GET /snoop [affinity v544d031]`; a message's receiver is `data.to`. */
export function formatEntry(e: TraceEntry): string {
  const to = isMessage(e) ? e.data.to : undefined;
  return `t=${formatTime(e.t)} ${e.actor} ${e.type} ${typeof to === 'string' ? `→ ${to} ` : ''}${e.text}`;
}

export function formatTrace(entries: readonly TraceEntry[]): string {
  return entries.map(formatEntry).join('\n');
}
