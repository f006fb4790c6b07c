// The deterministic world (DESIGN.md §1, §4): the event loop and the actor table. Each step fires one
// deadline of the SimClock and delivers it: a timer, a message, an intervention or a user's next request;
// actors' statecharts run purely (machineRunner.ts), their effects become messages, timers and trace
// entries. Beside it: actors (the cast), network, workload, interventions, sessionCopies (what the
// monitors read) and timeline (checkpoints). Same config + seed + interventions ⇒ the same trace.

import type { BrowserContext } from '../model/browserMachine.ts';
import { effectiveConfig, type ClusterConfig, type LabConfig } from '../model/config.ts';
import type { ActorEvent, Effect } from '../model/effects.ts';
import type { HttpRequest } from '../model/http.ts';
import { PersistentMap } from '../model/persistentMap.ts';
import { memberRequestMachine } from '../model/memberRequestMachine.ts';
import type { PluginProcessContext } from '../model/pluginProcessMachine.ts';
import { pluginRequestMachine } from '../model/pluginRequestMachine.ts';
import { siteOf, type ServerTable, type Site } from '../model/routing.ts';
import {
  buildActors,
  compareUsers,
  spawnProcess,
  DATABASE,
  HA_MANAGER,
  WEB_SERVER,
  type ActorInfo,
  type ActorKind,
  type ActorRecord,
  type Spawn,
} from './actors.ts';
import {
  initialState,
  nextState,
  type ActionSink,
  type MachineLogic,
  type MachineState,
} from './machineRunner.ts';
import { SeededRandom } from './random.ts';
import { checkIntervention, checkSeed, type InterventionScope, type RunSpec } from './runSpec.ts';
import { SimClock, type ClockState } from './simClock.ts';
import { Network, type Message, type NetworkState, type Partition } from './network.ts';
import { clusterChanges, editedCluster, withCluster } from './pluginFile.ts';
import { MonitorState, observe, type CopyView } from './monitors.ts';
import {
  applyIntervention,
  type Intervention,
  type InterventionAction,
  type InterventionHands,
} from './interventions.ts';
import { sessionCopies } from './sessionCopies.ts';
import { Timeline } from './timeline.ts';
import type { AnyDetails, TraceEntry } from './trace.ts';
import { firstThinkTime, nextRequest, thinkTime, workloadUsers } from './workload.ts';

export type { ActorKind } from './actors.ts';
export type { Intervention, InterventionAction } from './interventions.ts';
export { RunSpecError, type PreloadedSession, type RunSpec } from './runSpec.ts';
export type { WorkloadSpec } from './workload.ts';
export type { Message } from './network.ts';

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
  pluginFile: ClusterConfig;
}

/**
 * One transition's actions as they are collected: type, payload, type, payload, … `items` keeps its room
 * from one transition to the next (emptying an array with `length = 0` makes V8 drop its storage).
 */
class ActionList {
  readonly items: unknown[] = [];
  n = 0;
}

const MONITOR = 'monitor';
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

/** Runs the machines: machineRunner.ts by default; a test can put xstate's own interpreter beside it. */
export interface MachineEngine {
  initial<Owner>(logic: MachineLogic, input: unknown, sink: ActionSink, owner: Owner): MachineState<Owner>;
  next<Owner>(state: MachineState<Owner>, event: ActorEvent, sink: ActionSink): MachineState<Owner>;
}

const runner: MachineEngine = { initial: initialState, next: nextState };

/** How a world runs, beyond what it runs (RunSpec). */
export interface WorldOptions {
  engine?: MachineEngine;
  /**
   * Called after every step the world takes, with the number of entries written before the step and
   * whether the step replayed a stretch already known (after a seek, or up to a fork's instant; its
   * entries are the ones written the first time): an observer of the statecharts' states, such as a
   * lesson's TagWatch. It must not change the world.
   */
  onStep?: (world: World, before: number, replay: boolean) => void;
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
  #actors = new Map<string, ActorRecord>();
  /** The persistent copy as of the last checkpoint, and the ids changed since. */
  #savedActors = PersistentMap.empty<ActorRecord>();
  readonly #changedActors = new Set<string>();
  #clock = new SimClock<Task>();
  readonly #network: Network;
  #timerKeys = new Map<string, number>();
  #rng: SeededRandom;
  #walkCounter = 0;
  /** plugin-cfg.xml's ServerCluster as the administrator's edits left it (pluginFile.ts). */
  #pluginFile: ClusterConfig;
  #cursor = 0;
  #steps = 0;
  /** Checkpoints along the run; set once the start is built. */
  #timeline: Timeline<WorldState>;
  /**
   * The monitors' state at the end of the known trace. Replaying a known stretch leaves it alone (the
   * stretch's findings are already in the trace); a fork rebuilds it up to the fork point.
   */
  #monitorState = new MonitorState();
  /** True while a fork replays up to its instant with the monitors watching (see intervene). */
  #rebuildingMonitors = false;
  /** Interned trace texts (see append). */
  #texts = new Map<string, string>();
  /** Where the running transition's actions are collected. */
  #collected = new ActionList();
  readonly #onStep: WorldOptions['onStep'];
  readonly #sink: ActionSink = (type, payload) => {
    const list = this.#collected;
    list.items[list.n++] = type;
    list.items[list.n++] = payload;
  };
  /** Action lists by nesting depth (handling one transition's actions can run another transition). */
  readonly #actionLists: ActionList[] = [];
  #depth = 0;
  readonly #engine: MachineEngine;
  /** Ids of the actors that live for the whole run, in creation order (the actor table iterates by hash). */
  readonly #lasting: string[] = [];
  /** Ids of the lasting actors that can hold a copy of a session (members, the database), in the same order. */
  readonly #holders: string[] = [];
  /** Where the ledger finds copies of a session (members' caches and replicas, stored rows). */
  readonly #copyView: CopyView;
  /** What interventions act through. */
  readonly #hands: InterventionHands;

  constructor(
    readonly spec: RunSpec,
    options: WorldOptions = {},
  ) {
    this.#engine = options.engine ?? runner;
    this.#onStep = options.onStep;
    checkSeed(spec.seed);
    this.config = effectiveConfig(spec.config);
    this.seed = spec.seed;
    this.interventions = [...(spec.interventions ?? [])].sort((a, b) => a.at - b.at);
    this.#rng = SeededRandom.fromSeed(spec.seed);
    this.#network = new Network(this.config.network);
    this.#pluginFile = this.config.plugin.cluster;
    this.#copyView = sessionCopies((id) => this.#actors.get(id), this.#holders, this.config.sessionManager);
    this.#hands = {
      note: (type, text, data) => this.#append('lab', type, text, data),
      deliver: (actor, event) => this.#deliver(actor, event, true),
      processes: this.config.webServer.processes,
      // A fresh process reads plugin-cfg.xml as it is now.
      restartProcess: (k) =>
        spawnProcess(k, this.config, this.#rng, this.#spawnLasting, null, this.now(), this.#pluginFile),
      refreshInterval: this.config.plugin.refreshInterval,
      // The file changes now; each process reads it when a request makes it check (#startWalk).
      editPluginCfg: (set) => {
        this.#pluginFile = editedCluster(this.#pluginFile, set);
      },
      hostDown: (member) => this.#network.hostDown(member),
      hostUp: (member) => this.#network.hostUp(member),
      partition: (a, b) => {
        this.#network.partition(a, b);
        // What is on the wire between them now is lost too.
        for (const m of this.#network.messages()) {
          if (this.#network.loses(this.#hostOf(m.from), this.#hostOf(m.to)) !== 'network partition') continue;
          this.#network.drop(m.id);
          this.#append(
            m.fromName,
            'net.lost',
            `${m.type} to ${m.toName} is lost: a partition now lies between them`,
            {
              message: m.id,
            },
          );
        }
      },
      heal: (a, b) => this.#network.heal(a, b),
      inFlight: (id) => this.#network.inFlight(id),
      dropMessage: (id) => this.#network.drop(id),
      delayMessage: (id, ms) => {
        const at = this.#network.delay(id, ms);
        // The delivery planned before stays in the clock's queue and finds the message not yet due.
        if (at !== null) this.#clock.schedule(at - this.now(), { kind: 'deliver', messageId: id });
      },
      replicationLag: (ms) => this.#network.setReplicationLag(ms),
    };
    buildActors(spec, this.config, this.#rng, this.#spawnLasting);
    for (const i of this.interventions) {
      checkIntervention(i, this.#scope());
      this.#clock.schedule(i.at, { kind: 'intervention', action: i.action }, 0);
    }
    const workload = spec.workload;
    if (workload) {
      for (const user of workloadUsers(workload))
        this.#clock.schedule(firstThinkTime(workload, this.#rng), { kind: 'workload', user });
    }
    this.#timeline = new Timeline(this.#save());
  }

  /** Simulated milliseconds. */
  now(): number {
    return this.#clock.now();
  }

  /** How many trace entries stand up to the current instant. */
  get visibleCount(): number {
    return this.#cursor;
  }

  /** Trace entries up to the current instant (the rest of `trace` is the known future). */
  visibleTrace(): TraceEntry[] {
    return this.trace.slice(0, this.#cursor);
  }

  /** The next deadline, or undefined when nothing is pending. */
  nextEventAt(): number | undefined {
    return this.#clock.peek()?.at;
  }

  /** Advances to the earliest timer or delivery, no further, and handles it. False when nothing is pending. */
  step(): boolean {
    const timer = this.#clock.fireNext();
    if (!timer) return false;
    const before = this.#cursor;
    const replay = before < this.trace.length;
    const task = timer.payload as Task;
    switch (task.kind) {
      case 'timer':
        this.#timerKeys.delete(task.key);
        this.#deliver(task.actor, task.event);
        break;
      case 'deliver': {
        const msg = this.#network.take(task.messageId, this.now());
        if (msg) this.#arrive(msg);
        break;
      }
      case 'intervention':
        applyIntervention(task.action, this.#hands);
        break;
      case 'workload':
        this.#nextUserAction(task.user);
        break;
    }
    this.#steps++;
    if (this.#timeline.isDue(this.#steps))
      this.#timeline.add({ steps: this.#steps, now: this.now(), state: this.#save() });
    this.#onStep?.(this, before, replay);
    return true;
  }

  /** Handles every deadline at or before `t`, then stands at `t`. */
  runUntil(t: number): void {
    for (let next = this.#clock.peek(); next && next.at <= t; next = this.#clock.peek()) this.step();
    this.#clock.advanceTo(t);
  }

  /** Goes to instant `t`, back or forward: restores the nearest earlier checkpoint and replays. */
  seek(t: number): void {
    const cp = this.#timeline.atOrBefore(t);
    // Restore when going back, or when a checkpoint stands between here and `t`.
    if (t < this.now() || cp.steps > this.#steps) this.#restore(cp.state);
    this.runUntil(t);
  }

  /** How many steps (timers and deliveries) the world has taken. */
  get stepCount(): number {
    return this.#steps;
  }

  /** Stands just after step `n` (0 = the start): restores the nearest checkpoint and replays. */
  seekToStep(n: number): void {
    const target = Math.max(0, n);
    if (target < this.#steps || this.#timeline.hasBetween(this.#steps, target))
      this.#restore(this.#timeline.atOrBeforeStep(target).state);
    while (this.#steps < target && this.step());
  }

  /** Goes to just after the step that produced trace entry `index`. */
  seekToEntry(index: number): void {
    const entry = this.trace[index];
    if (!entry) return;
    this.#restore(this.#timeline.before(entry.t).state);
    while (this.#cursor <= index && this.step());
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
    checkIntervention(intervention, this.#scope());
    const cp = this.#timeline.before(at);
    this.#restore(cp.state);
    // The fork point becomes the end of the trace: the monitors must stand there too.
    this.#monitorState = cp.state.monitorState.clone();
    this.#rebuildingMonitors = true;
    try {
      for (let next = this.#clock.peek(); next && next.at < at; next = this.#clock.peek()) this.step();
    } finally {
      this.#rebuildingMonitors = false;
    }
    // The known future is no longer this run's future.
    this.trace.length = this.#cursor;
    this.interventions = [...this.interventions, intervention].sort((x, y) => x.at - y.at);
    this.#clock.advanceTo(Math.max(this.now(), Math.min(at, this.nextEventAt() ?? at)));
    // The checkpoints before `at` were taken without this intervention: they get it too, so a seek back
    // past them replays it. Its tie-break comes after every intervention already known at the same
    // instant, as in a fresh World of the grown spec (which schedules them in list order).
    const n = this.interventions.length;
    const task: Task = { kind: 'intervention', action: intervention.action };
    const [id, seq] = [-n, FORK_SEQ_BASE + n];
    this.#clock.scheduleFixed(at, task, 0, id, seq);
    this.#timeline.fork(this.#steps, (state) => ({
      ...state,
      clock: SimClock.withDeadline(state.clock, at, task, 0, id, seq),
    }));
    this.runUntil(Math.max(standing, this.now()));
    return this;
  }

  /**
   * A world of its own standing at instant `t` of this run, with the trace up to there and this run's
   * checkpoints: simulating it on, or acting on it, leaves this world as it was. It costs a copy of the
   * trace's list and at most a checkpoint's stretch replayed, not the run simulated again from its start
   * (what a question about a long run needs: questions.ts). The same as a fresh World of this run's spec
   * run until `t`.
   */
  forkAt(t: number): World {
    const copy = new World(this.runSpec, { engine: this.#engine });
    // From here when the world stands at the end of what it knows (its monitors stand there too), else
    // from the checkpoint before `t`.
    const here = t >= this.now() && this.#cursor === this.trace.length;
    const state = here ? this.#save() : this.#timeline.atOrBefore(t).state;
    // The copy's own start (built again from the spec) gives way to this run's trace.
    copy.trace.length = 0;
    for (let i = 0; i < state.cursor; i++) copy.trace.push(this.trace[i]!);
    copy.#timeline = this.#timeline.clone();
    copy.#restore(state);
    copy.#monitorState = (here ? this.#monitorState : state.monitorState).clone();
    // The lasting actors in this run's order of creation (a process restarted later comes after).
    copy.#lasting.length = 0;
    copy.#lasting.push(...this.#lasting);
    copy.#holders.length = 0;
    copy.#holders.push(...this.#holders);
    copy.runUntil(t);
    return copy;
  }

  /** The run as it now stands: config + seed + interventions. */
  get runSpec(): RunSpec {
    return { ...this.spec, interventions: [...this.interventions] };
  }

  /** How many checkpoints the run holds. */
  get checkpointCount(): number {
    return this.#timeline.count;
  }

  /**
   * Every actor id: browsers, processes, members and stores in the order the run created them, then
   * walks, then members' requests.
   */
  actorIds(): string[] {
    const of = (kind: ActorKind) =>
      [...this.#actors.values()]
        .filter((r) => r.owner.kind === kind)
        .map((r) => r.owner.id)
        .sort(compareUsers);
    return [...this.#lasting.filter((id) => this.#actors.has(id)), ...of('walk'), ...of('request')];
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
      const state = this.#actors.get(id)!;
      const { name, kind, process } = state.owner;
      return { id, name, kind, snapshot: state, ...(process ? { process } : {}) };
    });
  }

  /**
   * Whether `actor`, or an actor it owns (a cluster member's requests, a web server process's walks), is
   * in a state tagged `tag`.
   */
  inState(actor: string, tag: string): boolean {
    if (this.#actors.get(actor)?.tags.has(tag)) return true;
    for (const r of this.#actors.values()) if (r.owner.process === actor && r.tags.has(tag)) return true;
    return false;
  }

  /** The current snapshot of an actor, for frames and tests. */
  snapshotOf(id: string): MachineState | undefined {
    const rec = this.#actors.get(id);
    return rec;
  }

  /** Messages on the wire now. */
  messagesInFlight(): Message[] {
    return this.#network.messages();
  }

  /** Whether the member's host is off the network (the `unreachable` intervention). */
  isHostDown(member: string): boolean {
    return this.#network.isHostDown(member);
  }

  /** plugin-cfg.xml's ServerCluster at this instant, with the administrator's edits so far. */
  get pluginFile(): ClusterConfig {
    return this.#pluginFile;
  }

  /** The network partitions now (the `partition` intervention), each a pair of hosts in name order. */
  partitions(): readonly Partition[] {
    return this.#network.partitions();
  }

  /** Milliseconds the lab adds to each replication message's flight (the `replication-lag` intervention). */
  get replicationLag(): number {
    return this.#network.replicationLag;
  }

  // ---- the actor table ----

  /** Process `processId` takes a request: the plug-in's walk for it starts with the process's current table. */
  #startWalk(processId: string, request: HttpRequest): void {
    const walkId = `${processId}/${request.id}.${++this.#walkCounter}`;
    // RefreshInterval past its last check, a request makes the process check plugin-cfg.xml first, and
    // read it again if it changed (DOMAIN.md §1.1).
    const before = this.#actors.get(processId)!.context as PluginProcessContext;
    if (this.now() - before.configCheckedAt >= this.config.plugin.refreshInterval * 1000) {
      const changed =
        before.cluster !== this.#pluginFile ? clusterChanges(before.cluster, this.#pluginFile) : [];
      this.#deliver(
        processId,
        changed.length > 0
          ? { type: 'plugin.reload', cluster: this.#pluginFile, changed }
          : { type: 'plugin.configChecked' },
        true,
      );
    }
    const process = this.#actors.get(processId)!;
    this.#spawn(
      walkId,
      process.owner.name,
      'walk',
      pluginRequestMachine,
      {
        walkId,
        process: processId,
        request,
        // The ServerCluster as this process last read plugin-cfg.xml.
        plugin: withCluster(this.config, (process.context as PluginProcessContext).cluster).plugin,
        switches: this.config.switches,
        osConnectTimeout: this.config.network.osConnectTimeout,
        now: this.now(),
        table: (process.context as { table: ServerTable }).table,
        random: this.#rng.next(),
      },
      processId,
    );
  }

  /** What an intervention may refer to: this lab's members and processes, and its actors now. */
  #scope(): InterventionScope {
    return {
      config: this.config,
      hasUser: (u: string) => this.#actors.has(u),
      hasDatabase: this.#actors.has(DATABASE),
      hasHaManager: this.#actors.has(HA_MANAGER),
    };
  }

  /** Adds an actor that is not a walk (buildActors, a restarted process). */
  readonly #spawnLasting: Spawn = (id, name, kind, logic, input) => this.#spawn(id, name, kind, logic, input);

  #spawn(
    id: string,
    name: string,
    kind: ActorKind,
    logic: MachineLogic,
    input: unknown,
    process?: string,
  ): void {
    const actions = this.#collect();
    const info: ActorInfo = { id, name, kind, process };
    const state = this.#engine.initial(logic, input, this.#sink, info);
    if (kind !== 'walk' && kind !== 'request' && !this.#actors.has(id)) {
      this.#lasting.push(id);
      if (kind === 'member' || kind === 'database') this.#holders.push(id);
    }
    this.#actors.set(id, state);
    this.#changedActors.add(id);
    this.#handle(id, actions);
  }

  // ---- delivery and effects ----

  /**
   * Hands `event` to actor `id` with the world's fields (the time; for a walk also its process's table
   * and a random draw). `owned`: the event is this delivery's alone (a message's, or made for it), so
   * the fields are written into it; a timer's event may be shared and is copied.
   */
  #deliver(id: string, event: ActorEvent, owned = false): void {
    const rec = this.#actors.get(id);
    if (!rec) return;
    const full: ActorEvent = owned ? event : { ...event };
    full.now = this.now();
    if (rec.owner.kind === 'walk' && rec.owner.process) {
      full.table = (this.#actors.get(rec.owner.process)?.context as { table: ServerTable }).table;
      full.random = this.#rng.next();
    } else if (rec.owner.kind === 'request' && rec.owner.process) {
      full.member = this.#actors.get(rec.owner.process)?.context;
    }
    const actions = this.#collect();
    const state = this.#engine.next(rec, full, this.#sink);
    if (state !== rec) {
      this.#actors.set(id, state);
      this.#changedActors.add(id);
    }
    this.#handle(id, actions);
  }

  /** The (emptied) list the next transition's actions go into. */
  #collect(): ActionList {
    const list = (this.#actionLists[this.#depth] ??= new ActionList());
    list.n = 0;
    this.#collected = list;
    return list;
  }

  #handle(id: string, actions: ActionList): void {
    this.#depth++;
    try {
      const items = actions.items;
      for (let i = 0; i < actions.n; i += 2) this.#execute(id, items[i] as string, items[i + 1]);
    } finally {
      this.#depth--;
    }
    const rec = this.#actors.get(id);
    if (rec && rec.status === 'done') {
      this.#actors.delete(id);
      this.#changedActors.add(id);
    }
  }

  #execute(id: string, type: string, payload: unknown): void {
    switch (type) {
      case 'xstate.raise': {
        const p = payload as { event: ActorEvent; delay?: number; id?: string };
        if (typeof p.delay === 'number') {
          const key = `${id}|${p.id ?? ''}`;
          const old = this.#timerKeys.get(key);
          if (old !== undefined) this.#clock.cancel(old);
          this.#timerKeys.set(
            key,
            this.#clock.schedule(p.delay, { kind: 'timer', actor: id, event: p.event, key }),
          );
        }
        break;
      }
      case 'xstate.cancel': {
        const key = `${id}|${payload as string}`;
        const timer = this.#timerKeys.get(key);
        if (timer !== undefined) {
          this.#clock.cancel(timer);
          this.#timerKeys.delete(key);
        }
        break;
      }
      case 'xstate.emit':
        this.#effect(id, payload as Effect);
        break;
    }
  }

  #effect(id: string, e: Effect): void {
    const rec = this.#actors.get(id);
    const name = rec?.owner.name ?? id;
    switch (e.type) {
      case 'trace':
        this.#append(name, e.event, e.text, e.data as AnyDetails | undefined);
        break;
      case 'send':
        this.#send(id, e.to, e.event, e.text, e.delay ?? 0, e.data as AnyDetails | undefined);
        break;
      case 'local':
        // The event is the effect's own (effects.ts), so the delivery's fields are written into it.
        this.#deliver(e.to, e.event, true);
        break;
      case 'startRequest':
        this.#spawn(e.id, name, 'request', memberRequestMachine, e.input, id);
        break;
      case 'userIdle':
        if (this.spec.workload)
          this.#clock.schedule(thinkTime(this.spec.workload, this.#rng), { kind: 'workload', user: id });
        break;
    }
  }

  #send(
    from: string,
    to: string,
    event: ActorEvent,
    text: string,
    extraDelay: number,
    data?: AnyDetails,
  ): void {
    const fromRec = this.#actors.get(from);
    const toRec = to === WEB_SERVER ? undefined : this.#actors.get(to);
    const toKind = to === WEB_SERVER ? 'process' : toRec?.owner.kind;
    const id = this.#network.nextId();
    const deliverAt =
      this.now() +
      extraDelay +
      this.#network.latency(fromRec?.owner.kind, toKind) +
      this.#network.extraFor(event.type);
    const toName = to === WEB_SERVER ? 'ihs' : (toRec?.owner.name ?? to);
    const lost = this.#network.loses(this.#hostOf(from), this.#hostOf(to));
    const dropped = lost !== null;
    this.#append(
      fromRec?.owner.name ?? from,
      event.type,
      dropped ? `${text} (dropped: ${lost})` : text,
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
    this.#network.post(msg);
    this.#clock.schedule(deliverAt - this.now(), { kind: 'deliver', messageId: id });
  }

  /**
   * The host an actor runs on: a walk on its web server process, a member's request on its member. One
   * that has finished is still reached on its host (the wire does not know it finished): the ids of walks
   * and of members' requests begin with their host and a slash (#startWalk, webContainer.ts).
   */
  #hostOf(id: string): string {
    const owner = this.#actors.get(id)?.owner;
    if (owner) return owner.kind === 'walk' || owner.kind === 'request' ? owner.process! : id;
    const slash = id.indexOf('/');
    return slash > 0 ? id.slice(0, slash) : id;
  }

  #arrive(msg: Message): void {
    if (msg.to === WEB_SERVER) {
      const request = (msg.event as unknown as { request: HttpRequest }).request;
      const n = this.config.webServer.processes;
      const k =
        request.process !== undefined && request.process >= 1 && request.process <= n
          ? request.process
          : this.#rng.int(1, n);
      this.#startWalk(`ihs#${k}`, request);
      return;
    }
    if (!this.#actors.has(msg.to)) {
      this.#append(
        this.#actors.get(msg.from)?.owner.name ?? msg.from,
        'net.late',
        `${msg.type} arrived after its receiver had finished`,
        { msg: msg.id },
      );
      return;
    }
    this.#deliver(msg.to, msg.event, true);
  }

  #append(actor: string, type: string, text: string, data?: AnyDetails): void {
    let entry = this.trace[this.#cursor];
    if (entry && !this.#rebuildingMonitors) {
      // Replaying a known stretch walks along the stored entries, and over the findings that follow them.
      this.#cursor++;
      while (this.trace[this.#cursor]?.actor === MONITOR) this.#cursor++;
      return;
    }
    if (!entry) {
      // Plug-in steps and most messages repeat the same words for every request: keep one copy of each text.
      if (REPEATED_TEXTS.has(type) && this.#texts.size < 20000) {
        const known = this.#texts.get(text);
        if (known === undefined) this.#texts.set(text, text);
        else text = known;
      }
      // Reading a character makes V8 store a text built from pieces as one flat string instead of a tree
      // of its pieces: ~12 MB less in the 30-minute run of 200 users that `npm run bench` measures.
      text.charCodeAt(0);
      // The world writes what the machines and monitors emitted; their types checked the details.
      entry = (
        data
          ? { seq: this.#cursor, t: this.now(), actor, type, text, data }
          : { seq: this.#cursor, t: this.now(), actor, type, text }
      ) as TraceEntry;
      this.trace.push(entry);
    }
    this.#cursor++;
    if (actor === MONITOR) return;
    const findings = observe(this.#monitorState, entry, this.#copyView);
    for (const f of findings) this.#append(MONITOR, f.type, f.text, f.data);
  }

  /** Updates acknowledged to users and later lost, as the ledger recorded them up to now. */
  lostUpdates(): TraceEntry[] {
    return this.visibleTrace().filter((e) => e.type === 'ledger.lost');
  }

  /** Invariant monitor reports up to now. */
  violations(): TraceEntry[] {
    return this.visibleTrace().filter((e) => e.type.startsWith('monitor.'));
  }

  // ---- the workload ----

  #site: Site | undefined;

  #nextUserAction(user: string): void {
    const w = this.spec.workload;
    if (!w) return;
    const lastPage = (this.#actors.get(user)?.context as BrowserContext | undefined)?.lastPage;
    // Users keep to the site the run started with, whatever plugin-cfg.xml says later.
    this.#site ??= siteOf(this.spec.config.plugin);
    this.#deliver(user, nextRequest(w, this.#rng, lastPage, this.#site), true);
  }

  // ---- checkpoints ----

  #persistentActors(): PersistentMap<ActorRecord> {
    let saved = this.#savedActors;
    for (const id of this.#changedActors) {
      const rec = this.#actors.get(id);
      saved = rec ? saved.set(id, rec) : saved.delete(id);
    }
    this.#changedActors.clear();
    this.#savedActors = saved;
    return saved;
  }

  #save(): WorldState {
    return {
      actors: this.#persistentActors(),
      clock: this.#clock.save(),
      network: this.#network.save(),
      timerKeys: new Map(this.#timerKeys),
      rng: this.#rng.clone(),
      walkCounter: this.#walkCounter,
      cursor: this.#cursor,
      steps: this.#steps,
      monitorState: this.#monitorState.clone(),
      pluginFile: this.#pluginFile,
    };
  }

  #restore(s: WorldState): void {
    this.#actors = new Map(s.actors);
    this.#savedActors = s.actors;
    this.#changedActors.clear();
    this.#clock.restore(s.clock);
    this.#network.restore(s.network);
    this.#timerKeys = new Map(s.timerKeys);
    this.#rng = s.rng.clone();
    this.#walkCounter = s.walkCounter;
    this.#cursor = s.cursor;
    this.#steps = s.steps;
    this.#pluginFile = s.pluginFile;
  }
}
