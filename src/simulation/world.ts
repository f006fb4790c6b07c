// The deterministic world (DESIGN.md §1, §4): every actor's statechart driven purely, as xstate's
// `transition(snapshot, event)` would (by machineRunner.ts), one SimClock for timers and deliveries, a network whose messages are
// data, one seeded generator, an append-only trace, checkpoints for seek, and forks for interventions in
// the past. Same config + seed + interventions ⇒ the same trace.

import { browserMachine, type BrowserContext } from '../model/browserMachine.ts';
import { clusterMemberMachine, type ClusterMemberContext } from '../model/clusterMemberMachine.ts';
import { effectiveConfig, type LabConfig } from '../model/config.ts';
import { databaseStoreMachine, rowsOf, type DatabaseStoreContext } from '../model/databaseStoreMachine.ts';
import type { ActorEvent, Effect } from '../model/effects.ts';
import type { HttpRequest } from '../model/http.ts';
import { haManagerMachine } from '../model/haManagerMachine.ts';
import { PersistentMap } from '../model/persistentMap.ts';
import {
  groupsInUse,
  hasHaManager,
  partitionTable,
  usesMultiBrokerDomain,
  usesPartitionIds,
} from '../model/replication.ts';
import { pluginProcessMachine } from '../model/pluginProcessMachine.ts';
import { pluginRequestMachine } from '../model/pluginRequestMachine.ts';
import { primaryServers, type ServerTable } from '../model/routing.ts';
import { cloneSeparator, formatSessionId } from '../model/sessionId.ts';
import {
  markWritten,
  newSession,
  attributesHold,
  provenancesIn,
  rowsToWrite,
  type SessionAttributes,
} from '../model/sessionData.ts';
import {
  initialState,
  nextState,
  type ActionSink,
  type MachineLogic,
  type MachineState,
} from './machineRunner.ts';
import { SeededRandom } from './random.ts';
import { SimClock, type ClockState } from './simClock.ts';
import { Network, type Message, type NetworkState } from './network.ts';
import { MonitorState, observe, type CopyView } from './monitors.ts';
import { describeOperation, wordsOf, type Intervention, type InterventionAction } from './interventions.ts';
import { firstThinkTime, nextRequest, thinkTime, workloadUsers, type WorkloadSpec } from './workload.ts';

export type { Intervention, InterventionAction } from './interventions.ts';
export type { WorkloadSpec } from './workload.ts';
export type { Message } from './network.ts';
import type { TraceEntry } from './trace.ts';

/** A run, fully described: config + seed + interventions (+ an optional generated workload). */
export interface RunSpec {
  /**
   * A valid configuration. It is checked where it comes in (validateConfig, setParameter: the command
   * line, the address, a configuration panel); the scenarios' own are tested to be valid. The world
   * checks the rest of the run: seed, users, sessions, interventions.
   */
  config: LabConfig;
  seed: number;
  /** Users present from the start (scripted ones). */
  users?: string[];
  interventions?: Intervention[];
  workload?: WorkloadSpec;
  /** Members not running at t=0. */
  stoppedMembers?: string[];
  /** Sessions that exist before the run starts: in the store, in one member's cache, and in a browser's cookie jar. */
  sessions?: PreloadedSession[];
}

export interface PreloadedSession {
  user: string;
  /** The 23-character session ID. */
  sessionId: string;
  /** The member whose cache holds it (its clone ID goes into the cookie). */
  member: string;
  counter?: number;
  cart?: string[];
}

export type ActorKind = 'browser' | 'process' | 'walk' | 'member' | 'database' | 'haManager';

/** Who an actor is; every state of the actor carries it (MachineState.owner), so the table holds states only. */
interface ActorInfo {
  readonly id: string;
  /** How the trace names it. */
  readonly name: string;
  readonly kind: ActorKind;
  /** For walks: the owning process. */
  readonly process: string | undefined;
}

/** One actor in the table: its current state, which knows whose it is. */
type ActorRecord = MachineState<ActorInfo>;

type Task =
  | { kind: 'timer'; actor: string; event: ActorEvent; key: string }
  | { kind: 'deliver'; messageId: number }
  | { kind: 'intervention'; action: InterventionAction }
  | { kind: 'workload'; user: string };

interface WorldState {
  actors: PersistentMap<ActorRecord>;
  clock: ClockState<Task>;
  network: NetworkState;
  timerKeys: Map<string, number>;
  rng: SeededRandom;
  walkCounter: number;
  cursor: number;
  steps: number;
  monitorState: MonitorState;
}

interface Checkpoint {
  steps: number;
  now: number;
  state: WorldState;
}

/**
 * One transition's actions as they are collected: type, payload, type, payload, … `items` keeps its room
 * from one transition to the next (emptying an array with `length = 0` makes V8 drop its storage).
 */
class ActionList {
  readonly items: unknown[] = [];
  n = 0;
}

/** Thrown for input the world cannot run; says what and where. */
export class RunSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunSpecError';
  }
}

const WEB_SERVER = 'ihs';
const MONITOR = 'monitor';
const HA_MANAGER = 'haManager';
const DATABASE = 'database';
/** Entry types whose texts mostly repeat (`GET /shop/cart`, `200 Shop from PluginMember3`, plug-in steps). */
const REPEATED_TEXTS = new Set([
  'plugin.step',
  'plugin.log',
  'plugin.balance',
  'http.request',
  'http.response',
  'session.write',
  'tcp.connect',
  'tcp.accepted',
]);
/**
 * Steps between checkpoints: a seek replays at most this many (≈ 15 µs each here, without the monitors).
 * Every checkpoint keeps the actors that changed since the last one, so closer ones cost throughput
 * and memory: at 200, the 200-user run of `npm run bench` spent a sixth of its time on them.
 */
const CHECKPOINT_EVERY = 500;

/** Runs the machines: machineRunner.ts by default; a test can put xstate's own interpreter beside it. */
export interface MachineEngine {
  initial<Owner>(logic: MachineLogic, input: unknown, sink: ActionSink, owner: Owner): MachineState<Owner>;
  next<Owner>(state: MachineState<Owner>, event: ActorEvent, sink: ActionSink): MachineState<Owner>;
}

const runner: MachineEngine = { initial: initialState, next: nextState };

/** How a world runs, beyond what it runs (RunSpec). */
export interface WorldOptions {
  engine?: MachineEngine;
}

/** Tie-breaks of interventions added by a fork: after those a run starts with (see intervene). */
const FORK_SEQ_BASE = 2 ** 40;

export class World {
  readonly config: LabConfig;
  readonly seed: number;
  interventions: readonly Intervention[];
  /** The whole known timeline; during replay after a seek the world walks along it without appending. */
  readonly trace: TraceEntry[] = [];

  /** The actor table: a plain Map for speed; checkpoints keep a persistent copy that shares what did not change. */
  private actors = new Map<string, ActorRecord>();
  /** The persistent copy as of the last checkpoint, and the ids changed since. */
  private savedActors = PersistentMap.empty<ActorRecord>();
  private readonly changedActors = new Set<string>();
  private clock = new SimClock<Task>();
  private readonly network: Network;
  private timerKeys = new Map<string, number>();
  private rng: SeededRandom;
  private walkCounter = 0;
  private cursor = 0;
  private steps = 0;
  private checkpoints: Checkpoint[] = [];
  /**
   * The monitors' state at the end of the known trace. Replaying a known stretch leaves it alone (the
   * stretch's findings are already in the trace); a fork rebuilds it up to the fork point.
   */
  private monitorState = new MonitorState();
  /** True while a fork replays up to its instant with the monitors watching (see intervene). */
  private rebuildingMonitors = false;
  /** Interned trace texts (see append). */
  private texts = new Map<string, string>();
  private horizonSteps = 0;
  /** Where the running transition's actions are collected. */
  private collected = new ActionList();
  private readonly sink: ActionSink = (type, payload) => {
    const list = this.collected;
    list.items[list.n++] = type;
    list.items[list.n++] = payload;
  };
  /** Action lists by nesting depth (handling one transition's actions can run another transition). */
  private readonly actionLists: ActionList[] = [];
  private depth = 0;
  private readonly engine: MachineEngine;
  /** Ids of the actors that live for the whole run, in creation order (the actor table iterates by hash). */
  private readonly lasting: string[] = [];
  /** Ids of the lasting actors that can hold a copy of a session (members, the database), in the same order. */
  private readonly holders: string[] = [];

  constructor(
    readonly spec: RunSpec,
    options: WorldOptions = {},
  ) {
    this.engine = options.engine ?? runner;
    if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed > 0xffffffff) {
      throw new RunSpecError(`seed: must be a whole number from 0 to 4294967295, got ${String(spec.seed)}`);
    }
    this.config = effectiveConfig(spec.config);
    this.seed = spec.seed;
    this.interventions = [...(spec.interventions ?? [])].sort((a, b) => a.at - b.at);
    this.rng = SeededRandom.fromSeed(spec.seed);
    this.network = new Network(this.config.network);
    const sm = this.config.sessionManager;
    this.copyView.writeFrequencyNote =
      sm.persistence === 'none'
        ? 'sessions are kept in memory only'
        : sm.writeFrequency === 'timeBasedWrite'
          ? `time-based writes every ${sm.writeInterval} s had not written it yet`
          : sm.writeFrequency === 'manualUpdate'
            ? 'manual update: IBMSession.sync() had not been called since'
            : 'end-of-service write had not committed';
    this.build();
    this.checkpoints.push({ steps: 0, now: 0, state: this.save() });
  }

  /** Simulated milliseconds. */
  now(): number {
    return this.clock.now();
  }

  /** How many trace entries stand up to the current instant. */
  get visibleCount(): number {
    return this.cursor;
  }

  /** Trace entries up to the current instant (the rest of `trace` is the known future). */
  visibleTrace(): TraceEntry[] {
    return this.trace.slice(0, this.cursor);
  }

  /** The next deadline, or undefined when nothing is pending. */
  nextEventAt(): number | undefined {
    return this.clock.peek()?.at;
  }

  /** Advances to the earliest timer or delivery, no further, and handles it. False when nothing is pending. */
  step(): boolean {
    const timer = this.clock.fireNext();
    if (!timer) return false;
    const task = timer.payload as Task;
    switch (task.kind) {
      case 'timer':
        this.timerKeys.delete(task.key);
        this.deliver(task.actor, task.event);
        break;
      case 'deliver': {
        const msg = this.network.take(task.messageId);
        if (msg) this.arrive(msg);
        break;
      }
      case 'intervention':
        this.apply(task.action);
        break;
      case 'workload':
        this.nextUserAction(task.user);
        break;
    }
    this.steps++;
    if (this.steps > this.horizonSteps) {
      this.horizonSteps = this.steps;
      if (this.steps % CHECKPOINT_EVERY === 0)
        this.checkpoints.push({ steps: this.steps, now: this.now(), state: this.save() });
    }
    return true;
  }

  /** Handles every deadline at or before `t`, then stands at `t`. */
  runUntil(t: number): void {
    for (let next = this.clock.peek(); next && next.at <= t; next = this.clock.peek()) this.step();
    this.clock.advanceTo(t);
  }

  /** Goes to instant `t`, back or forward: restores the nearest earlier checkpoint and replays. */
  seek(t: number): void {
    let cp = this.checkpoints[0]!;
    for (const c of this.checkpoints) if (c.now <= t) cp = c;
    // Restore when going back, or when a checkpoint stands between here and `t`.
    if (t < this.now() || cp.steps > this.steps) this.restore(cp.state);
    this.runUntil(t);
  }

  /** How many steps (timers and deliveries) the world has taken. */
  get stepCount(): number {
    return this.steps;
  }

  /** Stands just after step `n` (0 = the start): restores the nearest checkpoint and replays. */
  seekToStep(n: number): void {
    const target = Math.max(0, n);
    if (target < this.steps || this.checkpoints.some((c) => c.steps > this.steps && c.steps <= target)) {
      let cp = this.checkpoints[0]!;
      for (const c of this.checkpoints) if (c.steps <= target) cp = c;
      this.restore(cp.state);
    }
    while (this.steps < target && this.step());
  }

  /** Goes to just after the step that produced trace entry `index`. */
  seekToEntry(index: number): void {
    const entry = this.trace[index];
    if (!entry) return;
    let cp = this.checkpoints[0]!;
    for (const c of this.checkpoints) if (c.now < entry.t) cp = c;
    this.restore(cp.state);
    while (this.cursor <= index && this.step());
  }

  /**
   * Acts at instant `intervention.at`. In the past, the run forks: the world goes back to just before
   * that instant through a checkpoint, the known future is cut, and simulation continues with the
   * intervention up to where it stood. The spec grows by the intervention, so the run stays
   * config + seed + interventions and a fresh World of the new spec gives the same trace.
   */
  intervene(intervention: Intervention): World {
    const standing = this.now();
    const at = intervention.at;
    if (!Number.isFinite(at) || at < 0)
      throw new RunSpecError(`intervention at ${String(at)}: time must be ≥ 0`);
    this.checkIntervention(intervention);
    let cp = this.checkpoints[0]!;
    for (const c of this.checkpoints) if (c.now < at) cp = c;
    this.restore(cp.state);
    // The fork point becomes the end of the trace: the monitors must stand there too.
    this.monitorState = cp.state.monitorState.clone();
    this.rebuildingMonitors = true;
    try {
      for (let next = this.clock.peek(); next && next.at < at; next = this.clock.peek()) this.step();
    } finally {
      this.rebuildingMonitors = false;
    }
    // The known future is no longer this run's future.
    this.trace.length = this.cursor;
    this.checkpoints = this.checkpoints.filter((c) => c.steps <= this.steps);
    this.horizonSteps = this.steps;
    this.interventions = [...this.interventions, intervention].sort((x, y) => x.at - y.at);
    this.clock.advanceTo(Math.max(this.now(), Math.min(at, this.nextEventAt() ?? at)));
    // The checkpoints before `at` were taken without this intervention: they get it too, so a seek back
    // past them replays it. Its tie-break comes after every intervention already known at the same
    // instant, as in a fresh World of the grown spec (which schedules them in list order).
    const n = this.interventions.length;
    const task: Task = { kind: 'intervention', action: intervention.action };
    const [id, seq] = [-n, FORK_SEQ_BASE + n];
    this.clock.scheduleFixed(at, task, 0, id, seq);
    this.checkpoints = this.checkpoints.map((c) => ({
      ...c,
      state: { ...c.state, clock: SimClock.withDeadline(c.state.clock, at, task, 0, id, seq) },
    }));
    this.runUntil(Math.max(standing, this.now()));
    return this;
  }

  /** The run as it now stands: config + seed + interventions. */
  get runSpec(): RunSpec {
    return { ...this.spec, interventions: [...this.interventions] };
  }

  /** How many checkpoints the run holds. */
  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  /** Every actor id: browsers, processes, members and stores in the order the run created them, then walks. */
  actorIds(): string[] {
    const walks = [...this.actors.values()].filter((r) => r.owner.kind === 'walk').map((r) => r.owner.id);
    return [...this.lasting.filter((id) => this.actors.has(id)), ...walks.sort(compareUsers)];
  }

  /** Every actor's name, kind and snapshot, in the order of actorIds(). */
  actorRecords(): {
    id: string;
    name: string;
    kind: ActorKind;
    snapshot: MachineState;
    process?: string;
  }[] {
    return this.actorIds().map((id) => {
      const state = this.actors.get(id)!;
      const { name, kind, process } = state.owner;
      return { id, name, kind, snapshot: state, ...(process ? { process } : {}) };
    });
  }

  /** The current snapshot of an actor, for frames and tests. */
  snapshotOf(id: string): MachineState | undefined {
    const rec = this.actors.get(id);
    return rec;
  }

  /** Messages on the wire now. */
  messagesInFlight(): Message[] {
    return this.network.messages();
  }

  /** Whether the member's host is off the network (the `unreachable` intervention). */
  isHostDown(member: string): boolean {
    return this.network.isHostDown(member);
  }

  /** Throws a RunSpecError naming what an intervention refers to that this lab does not have. */
  private checkIntervention(i: Intervention): void {
    const a = i.action;
    if ('member' in a && !this.config.plugin.cluster.servers.some((s) => s.memberName === a.member)) {
      throw new RunSpecError(`intervention at ${i.at} ms: no cluster member named ${a.member}`);
    }
    if ('user' in a && !this.actors.has(a.user)) {
      throw new RunSpecError(`intervention at ${i.at} ms: no user named ${a.user}`);
    }
    const process = a.kind === 'restartProcess' ? a.process : a.kind === 'request' ? a.process : undefined;
    if (process !== undefined && !(process >= 1 && process <= this.config.webServer.processes)) {
      throw new RunSpecError(`intervention at ${i.at} ms: no web server process ihs#${process}`);
    }
    if (a.kind === 'request' && a.op.kind === 'authoring' && !this.config.portal.enabled) {
      throw new RunSpecError(`intervention at ${i.at} ms: this lab has no Portal for an Authoring portlet`);
    }
    if (
      (a.kind === 'databaseDown' || a.kind === 'databaseUp' || a.kind === 'writeError') &&
      !this.actors.has(DATABASE)
    ) {
      throw new RunSpecError(`intervention at ${i.at} ms: this lab has no session database`);
    }
  }

  // ---- construction ----

  private build(): void {
    const c = this.config;
    const cluster = c.plugin.cluster;
    const persistence = c.sessionManager.persistence;
    const multiBroker = usesMultiBrokerDomain(c);
    // WAS 5.x memory-to-memory: a session that exists at the start was given a group, as new ones are.
    const groups = multiBroker ? groupsInUse(cluster.servers, c.memoryToMemory) : [];
    const preloaded = (this.spec.sessions ?? []).map((p, i) => {
      const owner = cluster.servers.find((s) => s.memberName === p.member);
      if (!owner) throw new RunSpecError(`sessions: no cluster member named ${p.member}`);
      if (!/^[\w-]{23}$/.test(p.sessionId))
        throw new RunSpecError(`sessions: "${p.sessionId}" is not a 23-character session ID`);
      const session = markWritten(
        {
          ...newSession(p.sessionId, 0),
          attributes: {
            counter: { value: p.counter ?? 0, updates: {} },
            cart: { value: p.cart ?? [], updates: {} },
          },
          ...(groups.length > 0 ? { group: groups[i % groups.length]! } : {}),
        },
        0,
      );
      return { p, owner, session };
    });
    const initiallyAlive = cluster.servers
      .map((s) => s.memberName)
      .filter((m) => !(this.spec.stoppedMembers ?? []).includes(m));
    if (persistence === 'database') {
      this.spawn(DATABASE, DATABASE, 'database', databaseStoreMachine, {
        config: c.database,
        multiRowSchema: c.sessionManager.multiRowSchema,
        invalidatorInterval: c.memberRuntime.invalidatorInterval,
        cleanupHours: c.sessionManager.scheduledCleanup ? c.sessionManager.cleanupHours : null,
        preloadedRows: preloaded.flatMap(
          ({ session }) =>
            rowsToWrite(session, { ...c.sessionManager, writeContents: 'allSessionAttributes' }, 'shop').rows,
        ),
      });
    }
    const haManager = hasHaManager(c);
    for (const s of cluster.servers) {
      this.spawn(s.memberName, s.memberName, 'member', clusterMemberMachine, {
        memberName: s.memberName,
        nodeName: s.nodeName,
        cloneId: s.cloneId,
        sessionManager: c.sessionManager,
        runtime: c.memberRuntime,
        separator: cloneSeparator(cluster.cloneSeparatorChange),
        idSeed: this.rng.uint32(),
        store: persistence === 'database' ? DATABASE : null,
        initiallyRunning: !(this.spec.stoppedMembers ?? []).includes(s.memberName),
        appName: 'shop',
        portal: c.portal,
        haManager: haManager ? HA_MANAGER : null,
        heartbeatInterval: c.haManager.heartbeatInterval,
        initialView: initiallyAlive,
        m2m: c.memoryToMemory,
        servers: cluster.servers,
        partitionIds: usesPartitionIds(c),
        partitionId: s.partitionId,
        multiBroker,
        preloadedSessions: preloaded.filter(({ owner }) => owner === s).map(({ session }) => session),
      });
    }
    // The HA manager and its core group arrived with WAS 6.0; 5.x has none (DOMAIN.md §5.2).
    if (haManager) {
      this.spawn(HA_MANAGER, 'haManager', 'haManager', haManagerMachine, {
        members: cluster.servers.map((s) => s.memberName),
        initiallyAlive,
        heartbeatInterval: c.haManager.heartbeatInterval,
        failureDetectionTimeout: c.haManager.failureDetectionTimeout,
      });
    }
    // Sessions that exist at the start were served before: the processes that served them already hold
    // the partition table (only a process spawned later starts without one, PK48101).
    const partitions =
      preloaded.length > 0 && usesPartitionIds(c) && cluster.getDWLMTable
        ? { viewId: 1, table: partitionTable(cluster.servers, initiallyAlive, c.memoryToMemory) }
        : null;
    for (let k = 1; k <= c.webServer.processes; k++) this.spawnProcess(k, partitions);
    const users = new Set([...(this.spec.users ?? []), ...(this.spec.sessions ?? []).map((p) => p.user)]);
    for (const i of this.interventions) if ('user' in i.action) users.add(i.action.user);
    const workload = this.spec.workload;
    if (workload) for (const u of workloadUsers(workload)) users.add(u);
    for (const user of [...users].sort(compareUsers)) {
      if (!/^[A-Za-z][\w-]{0,31}$/.test(user))
        throw new RunSpecError(`user: "${user}" is not a valid user name`);
      const own = preloaded.find(({ p }) => p.user === user);
      const sep = cloneSeparator(cluster.cloneSeparatorChange);
      const id = own
        ? formatSessionId(
            {
              cacheId: '0000',
              sessionId: own.session.id,
              cloneIds: [usesPartitionIds(c) ? own.owner.partitionId : own.owner.cloneId],
            },
            sep,
          )
        : null;
      // The session reached the browser as the session manager hands it out: a cookie when cookies are
      // on, else the links of the last page, rewritten with ;jsessionid= (DOMAIN.md §3.3).
      const carried =
        id === null
          ? {}
          : c.sessionManager.enableCookies
            ? { cookies: { [c.sessionManager.cookieName]: id } }
            : c.sessionManager.enableUrlRewriting
              ? { rewrittenUrl: `/;jsessionid=${id}` }
              : {};
      this.spawn(user, `browser:${user}`, 'browser', browserMachine, {
        user,
        host: 'www.example.com',
        port: 80,
        cookieName: c.sessionManager.cookieName,
        webServer: WEB_SERVER,
        ...carried,
      });
    }
    for (const i of this.interventions) {
      if (!Number.isFinite(i.at) || i.at < 0)
        throw new RunSpecError(`intervention at ${String(i.at)}: time must be ≥ 0`);
      this.checkIntervention(i);
      this.clock.schedule(i.at, { kind: 'intervention', action: i.action }, 0);
    }
    if (workload) {
      for (const user of workloadUsers(workload))
        this.clock.schedule(firstThinkTime(workload, this.rng), { kind: 'workload', user });
    }
  }

  /** Process `processId` takes a request: the plug-in's walk for it starts with the process's current table. */
  private startWalk(processId: string, request: HttpRequest): void {
    const walkId = `${processId}/${request.id}.${++this.walkCounter}`;
    const process = this.actors.get(processId)!;
    this.spawn(
      walkId,
      process.owner.name,
      'walk',
      pluginRequestMachine,
      {
        walkId,
        process: processId,
        request,
        plugin: this.config.plugin,
        switches: this.config.switches,
        osConnectTimeout: this.config.network.osConnectTimeout,
        now: this.now(),
        table: (process.context as { table: ServerTable }).table,
        random: this.rng.next(),
      },
      processId,
    );
  }

  /** A web server process with fresh plug-in state: weights, no mark-downs, no partition table, a random round-robin start. */
  private spawnProcess(k: number, partitions: ServerTable['partitions'] = null): void {
    const cluster = this.config.plugin.cluster;
    this.spawn(`ihs#${k}`, `ihs#${k}`, 'process', pluginProcessMachine, {
      index: k,
      cluster,
      rrStart: this.rng.int(0, Math.max(0, primaryServers(cluster).length - 1)),
      ignoreAffinityRequestsSupported: this.config.switches.hasIgnoreAffinityRequests,
      ...(partitions ? { partitions } : {}),
    });
  }

  private spawn(
    id: string,
    name: string,
    kind: ActorKind,
    logic: MachineLogic,
    input: unknown,
    process?: string,
  ): void {
    const actions = this.collect();
    const info: ActorInfo = { id, name, kind, process };
    const state = this.engine.initial(logic, input, this.sink, info);
    if (kind !== 'walk' && !this.actors.has(id)) {
      this.lasting.push(id);
      if (kind === 'member' || kind === 'database') this.holders.push(id);
    }
    this.actors.set(id, state);
    this.changedActors.add(id);
    this.handle(id, actions);
  }

  // ---- delivery and effects ----

  /**
   * Hands `event` to actor `id` with the world's fields (the time; for a walk also its process's table
   * and a random draw). `owned`: the event is this delivery's alone (a message's, or made for it), so
   * the fields are written into it; a timer's event may be shared and is copied.
   */
  private deliver(id: string, event: ActorEvent, owned = false): void {
    const rec = this.actors.get(id);
    if (!rec) return;
    const full: ActorEvent = owned ? event : { ...event };
    full.now = this.now();
    if (rec.owner.kind === 'walk' && rec.owner.process) {
      full.table = (this.actors.get(rec.owner.process)?.context as { table: ServerTable }).table;
      full.random = this.rng.next();
    }
    const actions = this.collect();
    const state = this.engine.next(rec, full, this.sink);
    if (state !== rec) {
      this.actors.set(id, state);
      this.changedActors.add(id);
    }
    this.handle(id, actions);
  }

  /** The (emptied) list the next transition's actions go into. */
  private collect(): ActionList {
    const list = (this.actionLists[this.depth] ??= new ActionList());
    list.n = 0;
    this.collected = list;
    return list;
  }

  private handle(id: string, actions: ActionList): void {
    this.depth++;
    try {
      const items = actions.items;
      for (let i = 0; i < actions.n; i += 2) this.execute(id, items[i] as string, items[i + 1]);
    } finally {
      this.depth--;
    }
    const rec = this.actors.get(id);
    if (rec && rec.status === 'done') {
      this.actors.delete(id);
      this.changedActors.add(id);
    }
  }

  private execute(id: string, type: string, payload: unknown): void {
    switch (type) {
      case 'xstate.raise': {
        const p = payload as { event: ActorEvent; delay?: number; id?: string };
        if (typeof p.delay === 'number') {
          const key = `${id}|${p.id ?? ''}`;
          const old = this.timerKeys.get(key);
          if (old !== undefined) this.clock.cancel(old);
          this.timerKeys.set(
            key,
            this.clock.schedule(p.delay, { kind: 'timer', actor: id, event: p.event, key }),
          );
        }
        break;
      }
      case 'xstate.cancel': {
        const key = `${id}|${payload as string}`;
        const timer = this.timerKeys.get(key);
        if (timer !== undefined) {
          this.clock.cancel(timer);
          this.timerKeys.delete(key);
        }
        break;
      }
      case 'xstate.emit':
        this.effect(id, payload as Effect);
        break;
    }
  }

  private effect(id: string, e: Effect): void {
    const rec = this.actors.get(id);
    const name = rec?.owner.name ?? id;
    switch (e.type) {
      case 'trace':
        this.append(name, e.event, e.text, e.data);
        break;
      case 'send':
        this.send(id, e.to, e.event, e.text, e.delay ?? 0, e.data);
        break;
      case 'local':
        this.deliver(e.to, e.event);
        break;
      case 'userIdle':
        if (this.spec.workload)
          this.clock.schedule(thinkTime(this.spec.workload, this.rng), { kind: 'workload', user: id });
        break;
    }
  }

  private send(
    from: string,
    to: string,
    event: ActorEvent,
    text: string,
    extraDelay: number,
    data?: TraceEntry['data'],
  ): void {
    const fromRec = this.actors.get(from);
    const toRec = to === WEB_SERVER ? undefined : this.actors.get(to);
    const toKind = to === WEB_SERVER ? 'process' : toRec?.owner.kind;
    const id = this.network.nextId();
    const deliverAt = this.now() + extraDelay + this.network.latency(fromRec?.owner.kind, toKind);
    const toName = to === WEB_SERVER ? 'ihs' : (toRec?.owner.name ?? to);
    const dropped = this.network.loses(from, to);
    this.append(
      fromRec?.owner.name ?? from,
      event.type,
      dropped ? `${text} (dropped: host unreachable)` : text,
      data === undefined && !dropped
        ? { msg: id, to: toName, deliverAt }
        : { msg: id, to: toName, deliverAt, ...data, ...(dropped ? { dropped: true } : {}) },
    );
    if (dropped) return;
    const msg: Message = {
      id,
      from,
      to,
      sentAt: this.now(),
      deliverAt,
      type: event.type,
      event,
      text,
      fromName: fromRec?.owner.name ?? from,
      toName,
    };
    this.network.post(msg);
    this.clock.schedule(deliverAt - this.now(), { kind: 'deliver', messageId: id });
  }

  private arrive(msg: Message): void {
    if (msg.to === WEB_SERVER) {
      const request = (msg.event as unknown as { request: HttpRequest }).request;
      const n = this.config.webServer.processes;
      const k =
        request.process !== undefined && request.process >= 1 && request.process <= n
          ? request.process
          : this.rng.int(1, n);
      this.startWalk(`ihs#${k}`, request);
      return;
    }
    if (!this.actors.has(msg.to)) {
      this.append(
        this.actors.get(msg.from)?.owner.name ?? msg.from,
        'net.late',
        `${msg.type} arrived after its receiver had finished`,
        { msg: msg.id },
      );
      return;
    }
    this.deliver(msg.to, msg.event, true);
  }

  private append(actor: string, type: string, text: string, data?: TraceEntry['data']): void {
    let entry = this.trace[this.cursor];
    if (entry && !this.rebuildingMonitors) {
      // Replaying a known stretch walks along the stored entries, and over the findings that follow them.
      this.cursor++;
      while (this.trace[this.cursor]?.actor === MONITOR) this.cursor++;
      return;
    }
    if (!entry) {
      // Plug-in steps and most messages repeat the same words for every request: keep one copy of each text.
      if (REPEATED_TEXTS.has(type) && this.texts.size < 20000) {
        const known = this.texts.get(text);
        if (known === undefined) this.texts.set(text, text);
        else text = known;
      }
      // Reading a character makes V8 store a text built from pieces as one flat string instead of a tree
      // of its pieces: ~12 MB less in the 30-minute run of 200 users that `npm run bench` measures.
      text.charCodeAt(0);
      entry = data
        ? { seq: this.cursor, t: this.now(), actor, type, text, data }
        : { seq: this.cursor, t: this.now(), actor, type, text };
      this.trace.push(entry);
    }
    this.cursor++;
    if (actor === MONITOR) return;
    const findings = observe(this.monitorState, entry, this.copyView);
    for (const f of findings) this.append(MONITOR, f.type, f.text, f.data);
  }

  /**
   * The attributes of every copy of `session` that actor `holder` keeps (cache, backup, stored rows)
   * and that can still be served. A cached copy older than another member's (a lower cache ID) is
   * discarded by the version check when asked (DOMAIN.md §3.1); once written, nothing brings it back.
   */
  private copiesIn(holder: string, session: string, newest = -1): Partial<SessionAttributes>[] {
    const rec = this.actors.get(holder);
    if (!rec) return [];
    if (rec.owner.kind === 'member') {
      const c = rec.context as ClusterMemberContext;
      const out: Partial<SessionAttributes>[] = [];
      const cached = c.cache.get(session);
      if (cached && (cached.version >= newest || cached.changedSinceWrite || cached.dirty.length > 0))
        out.push(cached.attributes);
      const replica = c.replicas[session];
      if (replica) out.push(replica.session.attributes);
      return out;
    }
    if (rec.owner.kind !== 'database') return [];
    return rowsOf((rec.context as DatabaseStoreContext).rows, session).map((row) => row.data);
  }

  /** The ledger's view of where copies of a session live. */
  private copyView: CopyView = {
    copies: (session: string) => {
      const newest = this.newestCachedVersion(session);
      return this.holders.flatMap((h) => this.copiesIn(h, session, newest)).flatMap((a) => provenancesIn(a));
    },
    holds: (session: string, id: string, first: string) => {
      // The member that just served the session holds its newest copy; the others count as copies does.
      const holds = (holder: string, newest: number) =>
        this.copiesIn(holder, session, newest).some((a) => attributesHold(a, id));
      if (holds(first, -1)) return true;
      const newest = this.newestCachedVersion(session);
      return this.holders.some((h) => h !== first && holds(h, newest));
    },
    stored: (session: string) => this.copiesIn(DATABASE, session).flatMap((a) => provenancesIn(a)),
    writeFrequencyNote: '',
  };

  /** The highest cache ID any member's cached copy of `session` has, or -1. */
  private newestCachedVersion(session: string): number {
    let newest = -1;
    for (const h of this.holders) {
      const rec = this.actors.get(h);
      if (rec?.owner.kind !== 'member') continue;
      const v = (rec.context as ClusterMemberContext).cache.get(session)?.version;
      if (v !== undefined && v > newest) newest = v;
    }
    return newest;
  }

  /** Updates acknowledged to users and later lost, as the ledger recorded them up to now. */
  lostUpdates(): TraceEntry[] {
    return this.visibleTrace().filter((e) => e.type === 'ledger.lost');
  }

  /** Invariant monitor reports up to now. */
  violations(): TraceEntry[] {
    return this.visibleTrace().filter((e) => e.type.startsWith('monitor.'));
  }

  // ---- interventions and workload ----

  private apply(action: InterventionAction): void {
    // The lab's entry names the action with the words that type it (`crash PluginMember1`), then says what happens.
    const words = wordsOf(action);
    const lab = (type: string, what: string, data: Record<string, string | number> = {}) =>
      this.append('lab', type, `${words}: ${what}`, { action: words, ...data });
    switch (action.kind) {
      case 'request': {
        const { kind: _k, user, ...userAction } = action;
        lab('user.request', describeOperation(userAction.op), { user });
        this.deliver(user, { type: 'user.request', ...userAction }, true);
        break;
      }
      case 'resubmit':
        lab('user.resubmit', 'the user submits the last form again', { user: action.user });
        this.deliver(action.user, { type: 'user.resubmit' }, true);
        break;
      case 'loseCookie':
        lab('user.loseCookie', 'the browser drops its cookies', { user: action.user });
        this.deliver(action.user, { type: 'user.loseCookie' }, true);
        break;
      case 'crash':
        lab('fault.crash', 'the JVM is killed', { member: action.member });
        this.deliver(action.member, { type: 'fault.crash' }, true);
        break;
      case 'hang':
        lab('fault.hang', 'the JVM hangs', { member: action.member });
        this.deliver(action.member, { type: 'fault.hang' }, true);
        break;
      case 'stop':
        lab('member.stop', 'the administrator stops the member', { member: action.member });
        this.deliver(action.member, { type: 'member.stop' }, true);
        break;
      case 'start':
        lab('member.start', 'the administrator starts the member', { member: action.member });
        this.deliver(action.member, { type: 'member.start' }, true);
        break;
      case 'restartProcess': {
        const n = this.config.webServer.processes;
        if (action.process < 1 || action.process > n) break;
        lab(
          'webserver.restartProcess',
          'the web server process is replaced by a fresh one: its plug-in state starts empty',
          { process: action.process },
        );
        this.spawnProcess(action.process);
        break;
      }
      case 'stopApplication':
        lab('app.stop', 'the administrator stops the application on the member', { member: action.member });
        this.deliver(action.member, { type: 'app.stop' }, true);
        break;
      case 'startApplication':
        lab('app.start', 'the administrator starts the application on the member', {
          member: action.member,
        });
        this.deliver(action.member, { type: 'app.start' }, true);
        break;
      case 'hostDown':
        lab('fault.hostDown', "the member's host drops off the network: packets to it are lost", {
          member: action.member,
        });
        this.network.hostDown(action.member);
        break;
      case 'hostUp':
        lab('fault.hostUp', "the member's host is reachable again", { member: action.member });
        this.network.hostUp(action.member);
        break;
      case 'databaseDown':
        lab('fault.databaseDown', 'the session database goes down');
        this.deliver(DATABASE, { type: 'fault.databaseDown' }, true);
        break;
      case 'databaseUp':
        lab('fault.databaseUp', 'the session database comes back');
        this.deliver(DATABASE, { type: 'fault.databaseUp' }, true);
        break;
      case 'writeError': {
        const reason = action.reason ?? 'a non-catastrophic failure while writing';
        lab(
          'fault.writeError',
          `the member's next session write fails (${reason}): the JVM lives, the write rolls back`,
          { member: action.member },
        );
        this.deliver(action.member, { type: 'fault.writeError', reason }, true);
        break;
      }
      case 'overload':
        lab('fault.overload', `a flood of other traffic reaches the member for ${action.seconds} s`, {
          member: action.member,
          seconds: action.seconds,
        });
        this.deliver(action.member, { type: 'fault.overload', seconds: action.seconds }, true);
        break;
    }
  }

  private nextUserAction(user: string): void {
    const w = this.spec.workload;
    if (!w) return;
    const lastPage = (this.actors.get(user)?.context as BrowserContext | undefined)?.lastPage;
    this.deliver(user, nextRequest(w, this.rng, lastPage), true);
  }

  // ---- checkpoints ----

  private persistentActors(): PersistentMap<ActorRecord> {
    let saved = this.savedActors;
    for (const id of this.changedActors) {
      const rec = this.actors.get(id);
      saved = rec ? saved.set(id, rec) : saved.delete(id);
    }
    this.changedActors.clear();
    this.savedActors = saved;
    return saved;
  }

  private save(): WorldState {
    return {
      actors: this.persistentActors(),
      clock: this.clock.save(),
      network: this.network.save(),
      timerKeys: new Map(this.timerKeys),
      rng: this.rng.clone(),
      walkCounter: this.walkCounter,
      cursor: this.cursor,
      steps: this.steps,
      monitorState: this.monitorState.clone(),
    };
  }

  private restore(s: WorldState): void {
    this.actors = new Map(s.actors);
    this.savedActors = s.actors;
    this.changedActors.clear();
    this.clock.restore(s.clock);
    this.network.restore(s.network);
    this.timerKeys = new Map(s.timerKeys);
    this.rng = s.rng.clone();
    this.walkCounter = s.walkCounter;
    this.cursor = s.cursor;
    this.steps = s.steps;
  }
}

function compareUsers(a: string, b: string): number {
  const na = Number(a.replace(/^\D+/, ''));
  const nb = Number(b.replace(/^\D+/, ''));
  return na !== nb && Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a < b ? -1 : a > b ? 1 : 0;
}
