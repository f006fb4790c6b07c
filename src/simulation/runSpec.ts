// What a run is (DESIGN.md §4): config + seed + interventions, with users, a workload and sessions that
// exist before it starts, and the checks the world makes of what it is given. Running it is world.ts's.

import type { LabConfig, ServerConfig } from '../model/config.ts';
import { editProblem } from './pluginFile.ts';
import type { Intervention } from './interventions.ts';
import type { WorkloadSpec } from './workload.ts';

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

/** Thrown for input the world cannot run; says what and where. */
export class RunSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunSpecError';
  }
}

/** Throws unless `seed` is one the generator takes: a whole number that fits 32 bits. */
export function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RunSpecError(`seed: must be a whole number from 0 to 4294967295, got ${String(seed)}`);
  }
}

/** Throws unless `user` can name a user: a letter, then up to 31 letters, digits, `_` or `-`. */
export function checkUser(user: string): void {
  if (!/^[A-Za-z][\w-]{0,31}$/.test(user)) throw new RunSpecError(`user: "${user}" is not a valid user name`);
}

/** The member whose cache holds preloaded session `p`; throws when there is none, or its ID is not one. */
export function ownerOf(p: PreloadedSession, servers: readonly ServerConfig[]): ServerConfig {
  const owner = servers.find((s) => s.memberName === p.member);
  if (!owner) throw new RunSpecError(`sessions: no cluster member named ${p.member}`);
  if (!/^[\w-]{23}$/.test(p.sessionId))
    throw new RunSpecError(`sessions: "${p.sessionId}" is not a 23-character session ID`);
  return owner;
}

/** What an intervention may refer to: the lab's configuration and the actors it has now. */
export interface InterventionScope {
  config: LabConfig;
  hasUser(user: string): boolean;
  hasDatabase: boolean;
  hasHaManager: boolean;
}

/** Throws a RunSpecError naming what an intervention refers to that this lab does not have. */
export function checkIntervention(i: Intervention, lab: InterventionScope): void {
  if (!Number.isFinite(i.at) || i.at < 0)
    throw new RunSpecError(`intervention at ${String(i.at)}: time must be ≥ 0`);
  const a = i.action;
  const c = lab.config;
  if ('member' in a && !c.plugin.cluster.servers.some((s) => s.memberName === a.member)) {
    throw new RunSpecError(`intervention at ${i.at} ms: no cluster member named ${a.member}`);
  }
  if ('user' in a && !lab.hasUser(a.user)) {
    throw new RunSpecError(`intervention at ${i.at} ms: no user named ${a.user}`);
  }
  const process = a.kind === 'restartProcess' ? a.process : a.kind === 'request' ? a.process : undefined;
  if (process !== undefined && !(process >= 1 && process <= c.webServer.processes)) {
    throw new RunSpecError(`intervention at ${i.at} ms: no web server process ihs#${process}`);
  }
  if (a.kind === 'request' && a.op.kind === 'authoring' && !c.portal.enabled) {
    throw new RunSpecError(`intervention at ${i.at} ms: this lab has no Portal for an Authoring portlet`);
  }
  if ((a.kind === 'databaseDown' || a.kind === 'databaseUp' || a.kind === 'writeError') && !lab.hasDatabase) {
    throw new RunSpecError(`intervention at ${i.at} ms: this lab has no session database`);
  }
  if (a.kind === 'partition' || a.kind === 'heal') {
    for (const part of [a.a, a.b]) {
      const k = /^ihs#(\d+)$/.exec(part);
      const known = k
        ? Number(k[1]) >= 1 && Number(k[1]) <= c.webServer.processes
        : part === 'database'
          ? lab.hasDatabase
          : part === 'haManager'
            ? lab.hasHaManager
            : c.plugin.cluster.servers.some((s) => s.memberName === part);
      if (!known)
        throw new RunSpecError(
          `intervention at ${i.at} ms: no part named ${part} (a cluster member, ihs#1 to ihs#${c.webServer.processes}${lab.hasDatabase ? ', database' : ''}${lab.hasHaManager ? ', haManager' : ''})`,
        );
    }
  }
  if (a.kind === 'editPluginCfg') {
    // The values come in checked against the parameter table's ranges (the command line, the panel);
    // here, each path must name an attribute a refresh takes up, and each value be of its kind.
    for (const { path, value } of a.set) {
      const problem = editProblem(c.plugin.cluster, path, value);
      if (problem) throw new RunSpecError(`intervention at ${i.at} ms: plugin-cfg: ${problem}`);
    }
  }
  if (a.kind === 'replicationLag' && c.sessionManager.persistence !== 'memoryToMemory') {
    throw new RunSpecError(`intervention at ${i.at} ms: this lab has no memory-to-memory replication`);
  }
}
