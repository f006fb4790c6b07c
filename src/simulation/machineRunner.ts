// Runs the lab's XState v5 machine definitions without XState's interpreter: the same SCXML algorithm
// as xstate 5's `transition()` (macrostep, microstep, exit and entry sets, eventless transitions, the
// internal queue, final states) for the subset the lab's machines use. It builds its own state nodes
// from a machine's config and implementations, as xstate's StateNode does, and works out the exit and
// entry plan of each (configuration, transition) pair once. A differential test holds it to
// `transition()`. Not supported (it throws): history states, invoke, wildcard events, routes, built-in
// guards (not/and/or/stateIn), outputs of final states.

/**
 * Receives each action xstate would hand to `actionExecutor`, in the same order: its type and what it
 * carries. `xstate.emit`: the emitted event; `xstate.raise`: xstate's params `{ event, id, delay }`;
 * `xstate.cancel`: the send ID; a custom action: its params.
 */
export type ActionSink = (type: string, payload: unknown) => void;

type Context = Record<string, unknown>;
interface MachineEvent {
  type: string;
  [key: string]: unknown;
}

/** A state node's config, the part of xstate's StateNodeConfig the runner reads. */
interface NodeConfig {
  id?: string;
  type?: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  initial?: string | { target: string; actions?: unknown };
  states?: Record<string, NodeConfig>;
  on?: Record<string, unknown>;
  after?: Record<string, unknown>;
  always?: unknown;
  onDone?: unknown;
  entry?: unknown;
  exit?: unknown;
  tags?: string | readonly string[];
  description?: string;
  history?: unknown;
  invoke?: unknown;
  output?: unknown;
  route?: unknown;
  context?: unknown;
}

interface Implementations {
  actions: Record<string, unknown>;
  guards: Record<string, unknown>;
  delays: Record<string, unknown>;
}

/**
 * What the runner needs of a machine: its id, config and implementations. An xstate StateMachine has
 * them, and so has the plain definition `xstateDefinitions.ts` makes for the app's bundles.
 */
export interface MachineLogic {
  readonly id: string;
  readonly config: object;
  readonly implementations: Implementations;
}

/** A state node as xstate's StateNode has it (the parts the runner reads). */
interface Node {
  readonly id: string;
  readonly key: string;
  readonly path: readonly string[];
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final';
  readonly parent: Node | undefined;
  readonly root: Node;
  readonly order: number;
  readonly states: Record<string, Node>;
  /** The child states in document order. */
  readonly children: Node[];
  readonly entry: Action[];
  readonly exit: Action[];
  always: Transition[] | undefined;
  transitions: Map<string, Transition[]>;
  initial: { target: readonly Node[]; actions: readonly Action[] };
  readonly tags: readonly string[];
  readonly description: string | undefined;
}

interface Transition {
  readonly source: Node;
  readonly target?: readonly Node[];
  readonly actions: readonly Action[];
  readonly guard?: unknown;
  readonly reenter?: boolean;
}

/** One actor's state as this runner keeps it: the active state nodes (in xstate's `_nodes` order), context, status. */
export class MachineState<Owner = unknown> {
  constructor(
    readonly logic: MachineLogic,
    readonly nodes: readonly object[],
    readonly context: unknown,
    readonly status: 'active' | 'done',
    /** Whatever the caller keeps with the actor (the world: its id, name and kind); carried to every next state. */
    readonly owner: Owner,
  ) {}

  /** The state value, as xstate's snapshot has it (`{ running: { web: 'serving', … } }`). */
  get value(): unknown {
    return facts(this).value;
  }

  /** The tags of every active state node. */
  get tags(): ReadonlySet<string> {
    return facts(this).tags;
  }

  /** The active atomic and final state nodes: their path from the root and their description. */
  get leaves(): readonly { readonly path: readonly string[]; readonly description: string | undefined }[] {
    return facts(this).leaves;
  }
}

/** What one microstep does to a configuration, worked out once. */
interface Plan {
  transitions: readonly Transition[];
  exits: readonly Node[];
  entries: readonly { node: Node; actions: readonly Action[]; doneEvents: readonly MachineEvent[] }[];
  done: boolean;
  next: Configuration;
  /** When done: every node of `next`, last in document order first (their exit actions run). */
  finalExits: readonly Node[];
}

/** What views read of a configuration: the same for every state with these nodes. */
interface Facts {
  readonly value: unknown;
  readonly tags: ReadonlySet<string>;
  readonly leaves: readonly Node[];
}

/** An interned configuration: the same active set in the same order is always the same object. */
interface Configuration {
  readonly nodes: readonly Node[];
  readonly set: ReadonlySet<Node>;
  /** Atomic nodes with the chain of ancestors-or-self that have eventless transitions. */
  readonly eventless: readonly (readonly Node[])[];
  /** Plans of single transitions from this configuration. */
  readonly plans: Map<Transition, Plan>;
  /** Without parallel states: the active atomic state and its ancestors, the order events look for a transition. */
  readonly chain: readonly Node[] | null;
  facts?: Facts;
}

interface Compiled {
  readonly logic: MachineLogic;
  /** This machine's copy site in copyOf. */
  readonly slot: number;
  readonly root: Node;
  readonly impl: Implementations;
  readonly configurations: Map<string, Configuration>;
  readonly byNodes: WeakMap<readonly object[], Configuration>;
  readonly preInitial: Configuration;
  /** The transition into the initial states (xstate's initialMicrostep). */
  readonly initialTransition: Transition;
}

class UnsupportedError extends Error {}

// ---- actions, resolved once ----

const CUSTOM = 0;
const ASSIGN = 1;
const EMIT = 2;
const RAISE = 3;
const CANCEL = 4;
const ENQUEUE = 5;

/** The built-in actions the runner runs, by xstate's type. */
const BUILT_IN: Record<string, number> = {
  'xstate.assign': ASSIGN,
  'xstate.emit': EMIT,
  'xstate.raise': RAISE,
  'xstate.cancel': CANCEL,
  'xstate.enqueueActions': ENQUEUE,
};

type Fn = (...args: unknown[]) => unknown;

/**
 * An action as the runner runs it, resolved against the machine's implementations once: a custom action
 * (handed to the sink by name with its params) or a built-in one with what it carries — assign: the
 * assignment; emit and raise: the event; cancel: the send ID; enqueueActions: the callback.
 */
export class Action {
  constructor(
    readonly kind: number,
    readonly type: string,
    readonly params: unknown,
    readonly payload: unknown,
    readonly id: string | undefined = undefined,
    readonly delay: unknown = undefined,
  ) {}
}

/** A built-in action of xstate's `type` (see Action); what xstateDefinitions.ts's creators return. */
export function builtin(type: string, payload: unknown): Action {
  const kind = BUILT_IN[type];
  if (kind === undefined) throw new UnsupportedError(`action ${type}`);
  return new Action(kind, type, undefined, payload);
}

/** An action as a config names it (a name, `{ type, params }`, a function, a built-in) resolved against `impl`. */
function toAction(action: unknown, impl: Implementations): Action {
  if (action instanceof Action) return action;
  if (typeof action === 'function') {
    const f = action as Fn & { type?: string; resolve?: unknown; [key: string]: unknown };
    if (!('resolve' in f))
      return new Action(CUSTOM, f.type ?? (f.name || '(anonymous)'), undefined, undefined);
    // One of xstate's own action creators: the same parts under xstate's property names.
    const kind = BUILT_IN[f.type!];
    if (kind === undefined) throw new UnsupportedError(`action ${f.type}`);
    const payload =
      kind === ASSIGN ? f.assignment : kind === CANCEL ? f.sendId : kind === ENQUEUE ? f.collect : f.event;
    return new Action(kind, f.type!, undefined, payload, f.id as string | undefined, f.delay);
  }
  const ref: { type: string; params?: unknown } =
    typeof action === 'string' ? { type: action } : (action as { type: string; params?: unknown });
  const implementation = impl.actions[ref.type];
  const isBuiltIn =
    implementation instanceof Action || (typeof implementation === 'function' && 'resolve' in implementation);
  const base = isBuiltIn
    ? toAction(implementation, impl)
    : new Action(CUSTOM, ref.type, undefined, undefined);
  if (!('params' in ref)) return base;
  return new Action(base.kind, base.type, ref.params, base.payload, base.id, base.delay);
}

const toActions = (list: unknown, impl: Implementations): Action[] =>
  toArray(list).map((a) => toAction(a, impl));

// ---- state nodes from a machine's config, as xstate's StateNode and StateMachine build them ----

const toArray = <T>(x: T | readonly T[] | undefined): T[] =>
  x === undefined ? [] : Array.isArray(x) ? [...(x as T[])] : [x as T];

/** Every node in document order (xstate's idMap), for `#id` targets and `order`. */
type IdMap = Map<string, Node>;

/** What building a machine's nodes works with. */
interface Build {
  readonly ids: IdMap;
  readonly impl: Implementations;
}

function buildNode(
  config: NodeConfig,
  parent: Node | undefined,
  key: string,
  machineId: string,
  build: Build,
): Node {
  const path = parent ? [...parent.path, key] : [];
  const id = config.id ?? [machineId, ...path].join('.');
  if (config.history || config.type === 'history') throw new UnsupportedError(`history state ${id}`);
  if (toArray(config.invoke).length > 0) throw new UnsupportedError(`invoke in ${id}`);
  if (config.route) throw new UnsupportedError(`route of ${id}`);
  const type =
    config.type ?? (config.states && Object.keys(config.states).length > 0 ? 'compound' : 'atomic');
  if ((type === 'final' || !parent) && config.output !== undefined)
    throw new UnsupportedError(`output of ${id}`);
  const node: Node = {
    id,
    key,
    path,
    type,
    parent,
    root: undefined as unknown as Node,
    order: build.ids.size,
    states: {},
    children: [],
    entry: toActions(config.entry, build.impl),
    exit: toActions(config.exit, build.impl),
    always: undefined,
    transitions: new Map(),
    initial: { target: [], actions: [] },
    tags: toArray(config.tags),
    description: config.description,
  };
  (node as { root: Node }).root = parent ? parent.root : node;
  build.ids.set(id, node);
  for (const [k, child] of Object.entries(config.states ?? {})) {
    node.states[k] = buildNode(child, node, k, machineId, build);
    node.children.push(node.states[k]);
  }
  if (type === 'compound' && !config.initial)
    throw new Error(`No initial state specified for compound state node "#${id}".`);
  return node;
}

function nodeByPath(from: Node, path: string, ids: IdMap): Node {
  let node = from;
  for (const key of path.split('.')) {
    if (!key) break;
    const next = key.startsWith('#') ? byId(key, ids) : node.states[key];
    if (!next) throw new Error(`Child state '${key}' does not exist on '${node.id}'`);
    node = next;
  }
  return node;
}

function byId(target: string, ids: IdMap): Node {
  const [head, ...rest] = target.slice(1).split('.');
  const node = ids.get(head!);
  if (!node) throw new Error(`Child state node '#${head}' does not exist`);
  return rest.length > 0 ? nodeByPath(node, rest.join('.'), ids) : node;
}

/** xstate's resolveTarget: `#id`, `.child` (a child of the source) or a sibling's path. */
function resolveTarget(source: Node, target: unknown, ids: IdMap): Node[] | undefined {
  if (target === undefined || target === '') return undefined;
  return toArray(target as string | string[]).map((t) => {
    if (t.startsWith('#')) return byId(t, ids);
    if (t.startsWith('.')) return nodeByPath(source, t.slice(1), ids);
    if (!source.parent) throw new Error(`Invalid target: "${t}" is not a valid target from the root node.`);
    return nodeByPath(source.parent, t, ids);
  });
}

type TransitionConfig = { target?: unknown; actions?: unknown; guard?: unknown; reenter?: boolean };

function transitionsOf(source: Node, config: unknown, build: Build): Transition[] {
  return toArray(config as TransitionConfig | string | undefined).map((c) => {
    const t: TransitionConfig = typeof c === 'string' || c === undefined ? { target: c } : c;
    return {
      source,
      target: resolveTarget(source, t.target, build.ids),
      actions: toActions(t.actions, build.impl),
      guard: t.guard,
      reenter: t.reenter ?? false,
    };
  });
}

/** A node's transitions, eventless transitions and initial transition (xstate's `_initialize`). */
function initialize(node: Node, config: NodeConfig, build: Build): void {
  for (const [event, t] of Object.entries(config.on ?? {})) {
    if (event.includes('*')) throw new UnsupportedError(`wildcard event ${event} in ${node.id}`);
    // `E: undefined` is a transition without a target: it takes the event from the ancestors.
    node.transitions.set(event, transitionsOf(node, t === undefined ? {} : t, build));
  }
  if (config.onDone) {
    const event = `xstate.done.state.${node.id}`;
    node.transitions.set(event, transitionsOf(node, config.onDone, build));
  }
  // Delayed transitions: entering raises the after-event with its delay, leaving cancels it.
  for (const [delayKey, t] of Object.entries(config.after ?? {})) {
    const delay = Number.isNaN(+delayKey) ? delayKey : +delayKey;
    const event = `xstate.after.${delay}.${node.id}`;
    node.entry.push(new Action(RAISE, 'xstate.raise', undefined, { type: event }, event, delay));
    node.exit.push(new Action(CANCEL, 'xstate.cancel', undefined, event));
    const list = node.transitions.get(event) ?? [];
    list.push(...transitionsOf(node, t, build));
    node.transitions.set(event, list);
  }
  if (config.always) node.always = transitionsOf(node, config.always, build);
  if (config.initial) {
    const initial = config.initial;
    const key = typeof initial === 'string' ? initial : initial.target;
    const target = node.states[key];
    if (!target) throw new Error(`Initial state node "${key}" not found on parent state node #${node.id}`);
    node.initial = {
      target: [target],
      actions: typeof initial === 'string' ? [] : toActions(initial.actions, build.impl),
    };
  }
  for (const [k, child] of Object.entries(config.states ?? {})) initialize(node.states[k]!, child, build);
}

/** The root state node of a machine, built from its config. */
function buildMachine(logic: MachineLogic): Node {
  const build: Build = { ids: new Map(), impl: logic.implementations };
  const config = logic.config as NodeConfig;
  const root = buildNode(config, undefined, logic.id, logic.id, build);
  initialize(root, config, build);
  return root;
}

const compiled = new WeakMap<MachineLogic, Compiled>();
let slots = 0;

/**
 * A shallow copy of a context. Each machine's contexts have one shape, and each copy site below serves
 * one machine (by `slot`, in the order machines are first run), so V8 copies them the fast way: one
 * site for all machines sees too many shapes and copies property by property (measured: about 5%
 * of a busy run).
 */
function copyOf(slot: number, context: Context): Context {
  switch (slot % 8) {
    case 0:
      return { ...context };
    case 1:
      return { ...context };
    case 2:
      return { ...context };
    case 3:
      return { ...context };
    case 4:
      return { ...context };
    case 5:
      return { ...context };
    case 6:
      return { ...context };
    default:
      return { ...context };
  }
}

function compile(logic: MachineLogic): Compiled {
  const known = compiled.get(logic);
  if (known) return known;
  const root = buildMachine(logic);
  const impl = logic.implementations;
  const c: Compiled = {
    logic,
    slot: slots++,
    root,
    impl,
    configurations: new Map(),
    byNodes: new WeakMap(),
    preInitial: undefined as unknown as Configuration,
    initialTransition: undefined as unknown as Transition,
  };
  (c as { preInitial: Configuration }).preInitial = configuration(c, [root]);
  const initialNodes = new Set<Node>();
  const iter = (n: Node): void => {
    if (initialNodes.has(n)) return;
    initialNodes.add(n);
    if (n.type === 'compound') iter(n.initial.target[0]!);
    else if (n.type === 'parallel') for (const child of children(n)) iter(child);
  };
  iter(root);
  (c as { initialTransition: Transition }).initialTransition = {
    source: root,
    target: [...initialNodes],
    actions: [],
    reenter: true,
  };
  compiled.set(logic, c);
  return c;
}

function configuration(c: Compiled, nodes: readonly Node[]): Configuration {
  const key = nodes.map((n) => n.id).join('\n');
  let conf = c.configurations.get(key);
  if (!conf) {
    const frozen = Object.freeze([...nodes]);
    const eventless: Node[][] = [];
    for (const n of frozen) {
      if (n.type !== 'atomic' && n.type !== 'final') continue;
      const chain: Node[] = [];
      for (let s: Node | undefined = n; s; s = s.parent) if (s.always) chain.push(s);
      if (chain.length > 0) eventless.push(chain);
    }
    const atomic = frozen.filter((n) => n.type === 'atomic' || n.type === 'final');
    let chain: Node[] | null = null;
    if (atomic.length === 1 && !frozen.some((n) => n.type === 'parallel')) {
      chain = [];
      for (let n: Node | undefined = atomic[0]; n; n = n.parent) chain.push(n);
    }
    conf = { nodes: frozen, set: new Set(frozen), eventless, plans: new Map(), chain };
    c.configurations.set(key, conf);
    c.byNodes.set(frozen, conf);
  }
  return conf;
}

// ---- the SCXML set computations, as xstate 5 does them (no history states) ----

function properAncestors(node: Node, to: Node | undefined): Node[] {
  const out: Node[] = [];
  if (to === node) return out;
  for (let m = node.parent; m && m !== to; m = m.parent) out.push(m);
  return out;
}

function isDescendant(child: Node, parent: Node | undefined): boolean {
  let marker = child;
  while (marker.parent && marker.parent !== parent) marker = marker.parent;
  return marker.parent === parent;
}

/** A node's child states in document order (there are no history states to leave out). */
function children(n: Node): readonly Node[] {
  return n.children;
}

function leastCommonAncestor(nodes: readonly Node[]): Node | undefined {
  const [head, ...tail] = nodes;
  for (const anc of properAncestors(head!, undefined)) {
    if (tail.every((n) => isDescendant(n, anc))) return anc;
  }
  return undefined;
}

function transitionDomain(t: Transition): Node | undefined {
  const targets = t.target ?? [];
  if (!t.reenter && targets.every((x) => x === t.source || isDescendant(x, t.source))) return t.source;
  const lca = leastCommonAncestor([...targets, t.source]);
  if (lca) return lca;
  if (t.reenter) return undefined;
  return t.source.root;
}

function exitSet(transitions: readonly Transition[], active: Iterable<Node>): Node[] {
  const out = new Set<Node>();
  for (const t of transitions) {
    if (!t.target?.length) continue;
    const domain = transitionDomain(t);
    if (t.reenter && t.source === domain) out.add(domain!);
    for (const n of active) if (isDescendant(n, domain)) out.add(n);
  }
  return [...out];
}

function addDescendants(node: Node, defaultEntry: Set<Node>, enter: Set<Node>): void {
  if (node.type === 'compound') {
    const initial = node.initial.target[0]!;
    enter.add(initial);
    defaultEntry.add(initial);
    addDescendants(initial, defaultEntry, enter);
    addAncestors(enter, defaultEntry, properAncestors(initial, node), undefined);
  } else if (node.type === 'parallel') {
    for (const child of children(node)) {
      if (![...enter].some((s) => isDescendant(s, child))) {
        enter.add(child);
        defaultEntry.add(child);
        addDescendants(child, defaultEntry, enter);
      }
    }
  }
}

function addAncestors(
  enter: Set<Node>,
  defaultEntry: Set<Node>,
  ancestors: readonly Node[],
  reentrancyDomain: Node | undefined,
): void {
  for (const anc of ancestors) {
    if (!reentrancyDomain || isDescendant(anc, reentrancyDomain)) enter.add(anc);
    if (anc.type === 'parallel') {
      for (const child of children(anc)) {
        if (![...enter].some((s) => isDescendant(s, child))) {
          enter.add(child);
          addDescendants(child, defaultEntry, enter);
        }
      }
    }
  }
}

function entrySet(transitions: readonly Transition[], defaultEntry: Set<Node>, enter: Set<Node>): void {
  for (const t of transitions) {
    const domain = transitionDomain(t);
    for (const s of t.target ?? []) {
      if (t.source !== s || t.source !== domain || t.reenter) {
        enter.add(s);
        defaultEntry.add(s);
      }
      addDescendants(s, defaultEntry, enter);
    }
    for (const s of t.target ?? []) {
      const ancestors = properAncestors(s, domain);
      if (domain?.type === 'parallel') ancestors.push(domain);
      addAncestors(enter, defaultEntry, ancestors, !t.source.parent && t.reenter ? undefined : domain);
    }
  }
}

function isInFinalState(active: ReadonlySet<Node>, node: Node): boolean {
  if (node.type === 'compound') return children(node).some((s) => s.type === 'final' && active.has(s));
  if (node.type === 'parallel') return children(node).every((s) => isInFinalState(active, s));
  return node.type === 'final';
}

function removeConflicting(enabled: readonly Transition[], active: ReadonlySet<Node>): Transition[] {
  const kept = new Set<Transition>();
  for (const t1 of enabled) {
    let preempted = false;
    const remove = new Set<Transition>();
    for (const t2 of kept) {
      const e1 = new Set(exitSet([t1], active));
      if (exitSet([t2], active).some((n) => e1.has(n))) {
        if (isDescendant(t1.source, t2.source)) remove.add(t2);
        else {
          preempted = true;
          break;
        }
      }
    }
    if (!preempted) {
      for (const t of remove) kept.delete(t);
      kept.add(t1);
    }
  }
  return [...kept];
}

/** The microstep of `transitions` from `conf`, as xstate's `microstep()` would run it. */
function plan(
  c: Compiled,
  conf: Configuration,
  transitions: readonly Transition[],
  isInitial: boolean,
): Plan {
  const filtered = removeConflicting(transitions, conf.set);
  const mut = new Set(conf.nodes);
  const exits: Node[] = [];
  if (!isInitial) {
    exits.push(...exitSet(filtered, mut).sort((a, b) => b.order - a.order));
    for (const n of exits) mut.delete(n);
  }
  const enter = new Set<Node>();
  const defaultEntry = new Set<Node>();
  entrySet(filtered, defaultEntry, enter);
  if (isInitial) defaultEntry.add(c.root);
  const entries: Plan['entries'][number][] = [];
  const completed = new Set<Node>();
  let done = false;
  for (const node of [...enter].sort((a, b) => a.order - b.order)) {
    mut.add(node);
    const actions = [...node.entry, ...(defaultEntry.has(node) ? node.initial.actions : [])];
    const doneEvents: MachineEvent[] = [];
    if (node.type === 'final') {
      const parent = node.parent;
      let marker = parent?.type === 'parallel' ? parent : parent?.parent;
      if (parent?.type === 'compound')
        doneEvents.push({ type: `xstate.done.state.${parent.id}`, output: undefined });
      while (marker?.type === 'parallel' && !completed.has(marker) && isInFinalState(mut, marker)) {
        completed.add(marker);
        doneEvents.push({ type: `xstate.done.state.${marker.id}`, output: undefined });
        marker = marker.parent;
      }
      if (!marker) done = true;
    }
    entries.push({ node, actions, doneEvents });
  }
  const nextNodes = [...mut];
  const same = nextNodes.length === conf.nodes.length && conf.nodes.every((n) => mut.has(n));
  // A done machine's nodes are left sorted last-first (xstate sorts them in place to run their exits).
  const finalExits = done ? [...nextNodes].sort((a, b) => b.order - a.order) : [];
  const next = same ? conf : configuration(c, done ? finalExits : nextNodes);
  return { transitions: filtered, exits, entries, done, next, finalExits };
}

// ---- running ----

/**
 * The argument of an action's or guard's function: one object, brought up to date for each call (a
 * macrostep runs only model code, never another macrostep, so one is enough).
 */
const actionArgs = {
  context: {} as Context,
  event: {} as MachineEvent,
  spawn: undefined,
  self: undefined,
  system: undefined,
};

/** The argument of an enqueueActions callback, one object like actionArgs; `check` tests a guard now. */
const collectArgs = {
  context: {} as Context,
  event: {} as MachineEvent,
  enqueue: undefined as unknown,
  check(guard: unknown): boolean {
    return theRun.guard(guard, collectArgs.event);
  },
  self: undefined,
  system: undefined,
};

/** The context a Run holds between macrosteps (never written: a macrostep starts from its state's context). */
const RELEASED: Context = Object.freeze({});

/** One macrostep in progress: the working context and configuration, the internal queue. */
class Run {
  c!: Compiled;
  context: Context = {};
  /** `context` was made by this macrostep, so an assign may write into it. */
  owned = false;
  /** Assigns run so far (xstate would have made a new snapshot for each). */
  assigns = 0;
  conf!: Configuration;
  done = false;
  sink!: ActionSink;
  /** The internal event queue (raised events, done events), made when first needed. */
  private queue: MachineEvent[] | null = null;
  /** The one-transition list selection hands to microstep (never kept: plans copy what they keep). */
  private readonly one: Transition[] = [];

  /** Starts a macrostep (one Run object serves them all: a macrostep runs only model code, never another). */
  reset(c: Compiled, conf: Configuration, context: Context, sink: ActionSink): this {
    this.c = c;
    this.conf = conf;
    this.context = context;
    this.sink = sink;
    this.owned = false;
    this.assigns = 0;
    this.done = false;
    this.queue = null;
    return this;
  }

  release(): void {
    this.c = undefined as unknown as Compiled;
    this.conf = undefined as unknown as Configuration;
    this.context = RELEASED;
    this.sink = undefined as unknown as ActionSink;
    this.queue = null;
    // Not `length = 0`: V8 would drop the array's storage and make it again for the next macrostep.
    this.one[0] = undefined as unknown as Transition;
  }

  private single(t: Transition): Transition[] {
    this.one[0] = t;
    return this.one;
  }

  private enqueueEvent(e: MachineEvent): void {
    (this.queue ??= []).push(e);
  }

  guard(guard: unknown, event: MachineEvent): boolean {
    if (guard === undefined) return true;
    let resolved: unknown = guard;
    let params: unknown = undefined;
    for (;;) {
      if (typeof resolved === 'function') break;
      if (typeof resolved === 'string') {
        resolved = this.c.impl.guards[resolved];
      } else if (resolved && typeof resolved === 'object' && 'type' in resolved) {
        const g = resolved as { type: string; params?: unknown };
        params =
          typeof g.params === 'function'
            ? (g.params as (a: unknown) => unknown)({ context: this.context, event })
            : g.params;
        resolved = this.c.impl.guards[g.type];
      } else {
        throw new Error(`Guard '${String(guard)}' is not implemented.`);
      }
    }
    if ('check' in (resolved as object)) throw new UnsupportedError('built-in guards (not/and/or/stateIn)');
    return (resolved as (a: unknown, p: unknown) => boolean)(this.args(event), params);
  }

  /** Runs actions as xstate's resolveAndExecuteActionsWithContext does. */
  actions(actions: readonly Action[], event: MachineEvent): void {
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i]!;
      let params = a.params;
      if (typeof params === 'function') params = params({ context: this.context, event });
      switch (a.kind) {
        case CUSTOM:
          this.sink(a.type, params);
          break;
        case ASSIGN: {
          const args = this.args(event);
          const assignment = a.payload;
          let update: Context;
          if (typeof assignment === 'function') {
            update = assignment(args, params) as Context;
          } else {
            update = {};
            for (const key of Object.keys(assignment as object)) {
              const p = (assignment as Record<string, unknown>)[key];
              update[key] = typeof p === 'function' ? p(args, params) : p;
            }
          }
          // xstate makes a new context for every assign. Here the first assign of a macrostep copies the
          // context and later ones write into that copy, which nothing else has seen: the context of each
          // state stays unchanged once the macrostep that made it is over.
          if (this.owned) {
            Object.assign(this.context, update);
          } else {
            this.context = Object.assign(copyOf(this.c.slot, this.context), update);
            this.owned = true;
          }
          this.assigns++;
          break;
        }
        case EMIT: {
          const e = a.payload;
          this.sink('xstate.emit', typeof e === 'function' ? e(this.args(event), params) : e);
          break;
        }
        case RAISE: {
          const args = this.args(event);
          const e = a.payload;
          if (typeof e === 'string') throw new Error('Only event objects may be used with raise');
          const resolvedEvent = (typeof e === 'function' ? e(args, params) : e) as MachineEvent;
          let delay: unknown = a.delay;
          if (typeof delay === 'string') delay = this.c.impl.delays[delay];
          if (typeof delay === 'function') delay = delay(args, params);
          if (typeof delay !== 'number') this.enqueueEvent(resolvedEvent);
          this.sink('xstate.raise', { event: resolvedEvent, id: a.id, delay });
          break;
        }
        case CANCEL: {
          const id = a.payload;
          this.sink('xstate.cancel', typeof id === 'function' ? id(this.args(event), params) : id);
          break;
        }
        case ENQUEUE: {
          const queued: Action[] = [];
          const outer = enqueueInto;
          enqueueInto = queued;
          try {
            const args = collectArgs;
            args.context = this.context;
            args.event = event;
            (a.payload as (args: unknown, params: unknown) => void)(args, params);
          } finally {
            enqueueInto = outer;
          }
          this.actions(queued, event);
          break;
        }
      }
    }
  }

  private args(event: MachineEvent) {
    const a = actionArgs;
    a.context = this.context;
    a.event = event;
    return a;
  }

  /** The enabled transitions for `event`, as xstate's transitionNode selects them. */
  select(event: MachineEvent): readonly Transition[] {
    const chain = this.conf.chain;
    if (chain) {
      // One active atomic state: the same as the recursion below, from that state up to the root.
      for (const node of chain) {
        const candidates = node.transitions.get(event.type);
        if (!candidates) continue;
        for (const t of candidates) if (this.guard(t.guard, event)) return this.single(t);
      }
      return NONE;
    }
    const out: Transition[] = [];
    this.selectIn(this.c.root, event, out);
    return out;
  }

  private selectIn(node: Node, event: MachineEvent, out: Transition[]): void {
    const before = out.length;
    if (node.type === 'compound') {
      for (const child of children(node)) {
        if (this.conf.set.has(child)) {
          this.selectIn(child, event, out);
          break;
        }
      }
    } else if (node.type === 'parallel') {
      for (const child of children(node)) this.selectIn(child, event, out);
    }
    if (out.length > before) return;
    const candidates = node.transitions.get(event.type);
    if (!candidates) return;
    for (const t of candidates) {
      if (this.guard(t.guard, event)) {
        out.push(t);
        return;
      }
    }
  }

  eventless(event: MachineEvent): readonly Transition[] {
    const chains = this.conf.eventless;
    if (chains.length === 0) return NONE;
    if (chains.length === 1) {
      for (const s of chains[0]!) {
        for (const t of s.always!) if (this.guard(t.guard, event)) return this.single(t);
      }
      return NONE;
    }
    const enabled = new Set<Transition>();
    for (const chain of chains) {
      loop: for (const s of chain) {
        for (const t of s.always!) {
          if (this.guard(t.guard, event)) {
            enabled.add(t);
            break loop;
          }
        }
      }
    }
    if (enabled.size <= 1) return [...enabled];
    return removeConflicting([...enabled], this.conf.set);
  }

  /** One microstep; true if anything changed (xstate returns a new snapshot). */
  microstep(transitions: readonly Transition[], event: MachineEvent, isInitial = false): boolean {
    if (transitions.length === 0) return false;
    let p: Plan | undefined;
    if (transitions.length === 1) {
      p = this.conf.plans.get(transitions[0]!);
      if (!p) {
        p = plan(this.c, this.conf, transitions, isInitial);
        this.conf.plans.set(transitions[0]!, p);
      }
    } else {
      p = plan(this.c, this.conf, transitions, isInitial);
    }
    const before = this.assigns;
    for (const n of p.exits) this.actions(n.exit, event);
    for (const t of p.transitions) this.actions(t.actions, event);
    for (const e of p.entries) {
      this.actions(e.actions, event);
      for (const d of e.doneEvents) this.enqueueEvent(d);
    }
    if (p.done) {
      this.done = true;
      for (const n of p.finalExits) this.actions(n.exit, event);
    }
    const changed = p.next !== this.conf || this.assigns !== before || p.done;
    this.conf = p.next;
    return changed;
  }

  macrostep(event: MachineEvent, isInit: boolean): void {
    if (!isInit) this.microstep(this.select(event), event);
    let selectEventless = true;
    let next = event;
    while (!this.done) {
      let enabled: readonly Transition[] = selectEventless ? this.eventless(next) : NONE;
      const fromEventless: boolean = enabled.length > 0;
      if (!fromEventless) {
        const queued = this.queue?.shift();
        if (!queued) break;
        next = queued;
        enabled = this.select(next);
      }
      const changed = this.microstep(enabled, next);
      selectEventless = fromEventless ? changed : true;
    }
  }
}

const NONE: readonly Transition[] = Object.freeze([]);

const theRun = new Run();
let running = false;

/** The Run for a new macrostep; one at a time (see Run.reset). */
function begin(): Run {
  if (running) throw new Error('machineRunner: a macrostep started inside another');
  running = true;
  return theRun;
}

/** Ends a macrostep and lets go of what it worked on (so a finished world is not kept alive here). */
function end(run: Run): void {
  run.release();
  running = false;
}

/** Where `enqueue` puts actions while an enqueueActions callback runs (one at a time). */
let enqueueInto: Action[] | null = null;

function enqueuing(): Action[] {
  if (!enqueueInto) throw new Error('enqueue called outside its enqueueActions callback');
  return enqueueInto;
}

function unsupported(what: string) {
  return () => {
    throw new UnsupportedError(what);
  };
}

/** The `enqueue` handed to every enqueueActions callback: one object, pointed at the running callback's list. */
const enqueue = Object.assign((a: unknown) => void enqueuing().push(toAction(a, theRun.c.impl)), {
  assign(assignment: unknown) {
    enqueuing().push(new Action(ASSIGN, 'xstate.assign', undefined, assignment));
  },
  emit(e: unknown) {
    enqueuing().push(new Action(EMIT, 'xstate.emit', undefined, e));
  },
  raise(e: unknown, o?: { id?: string; delay?: unknown }) {
    enqueuing().push(new Action(RAISE, 'xstate.raise', undefined, e, o?.id, o?.delay));
  },
  cancel(sendId: unknown) {
    enqueuing().push(new Action(CANCEL, 'xstate.cancel', undefined, sendId));
  },
  sendTo: unsupported('enqueue.sendTo'),
  sendParent: unsupported('enqueue.sendParent'),
  spawnChild: unsupported('enqueue.spawnChild'),
  stopChild: unsupported('enqueue.stopChild'),
});
collectArgs.enqueue = enqueue;

/** The state xstate's `getInitialSnapshot(scope, input)` gives, with its actions sent to `sink`. */
export function initialState<Owner>(
  logic: MachineLogic,
  input: unknown,
  sink: ActionSink,
  owner: Owner,
): MachineState<Owner> {
  const c = compile(logic);
  const init: MachineEvent = { type: 'xstate.init', input };
  const config = (logic as unknown as { config: { context?: unknown } }).config.context;
  const run = begin().reset(c, c.preInitial, {}, sink);
  try {
    if (typeof config === 'function') {
      // xstate copies what the context function returns; the lab's context functions return a new object
      // each time, so the runner takes it as its own (the first assigns then write into it).
      run.context = (config as (a: unknown) => Context)({ spawn: undefined, input, self: undefined });
      run.owned = true;
    } else if (config) {
      run.context = config as Context;
    }
    run.microstep([c.initialTransition], init, true);
    run.macrostep(init, true);
    return new MachineState(logic, run.conf.nodes, run.context, run.done ? 'done' : 'active', owner);
  } finally {
    end(run);
  }
}

/** The state xstate's `transition(snapshot, event, scope)` gives, with its actions sent to `sink`. */
export function nextState<Owner>(
  state: MachineState<Owner>,
  event: MachineEvent,
  sink: ActionSink,
): MachineState<Owner> {
  if (state.status !== 'active') return state;
  const c = compile(state.logic);
  const conf = c.byNodes.get(state.nodes) ?? configuration(c, state.nodes as readonly Node[]);
  const run = begin().reset(c, conf, state.context as Context, sink);
  try {
    run.macrostep(event, false);
    if (run.conf === conf && run.assigns === 0 && !run.done) return state;
    return new MachineState(
      state.logic,
      run.conf.nodes,
      run.context,
      run.done ? 'done' : 'active',
      state.owner,
    );
  } finally {
    end(run);
  }
}

/** The value, tags and leaves of a state's configuration, worked out once per configuration. */
function facts(state: MachineState): Facts {
  const c = compile(state.logic);
  const conf = c.byNodes.get(state.nodes) ?? configuration(c, state.nodes as readonly Node[]);
  if (!conf.facts) {
    const active = conf.set;
    const valueOf = (n: Node): unknown => {
      const kids = Object.values(n.states).filter((s) => active.has(s));
      if (n.type === 'compound') {
        const k = kids[0];
        if (!k) return {};
        if (k.type === 'atomic' || k.type === 'final') return k.key;
      }
      const out: Record<string, unknown> = {};
      for (const k of kids) out[k.key] = valueOf(k);
      return out;
    };
    conf.facts = {
      value: valueOf(c.root),
      tags: new Set(conf.nodes.flatMap((n) => n.tags)),
      // Document order: the runner's node order changes as regions are left and entered again.
      leaves: conf.nodes
        .filter((n) => n.type === 'atomic' || n.type === 'final')
        .sort((a, b) => a.order - b.order),
    };
  }
  return conf.facts;
}

/** A machine's state nodes as the runner builds them, for drawing its chart (charts.ts). */
export { buildMachine, type Node as StateNode, type Transition as StateTransition };
