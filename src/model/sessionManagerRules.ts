// The session manager's rules (DOMAIN.md §4), as pure functions of a member's state: where getSession
// looks for a session (the cache with its version check, the store, the backups), which ends of service
// are write points (write frequency), which session leaves a full cache, which idle sessions the
// invalidator takes. sessionManager.ts carries them out.

import type { ActiveRequest, ClusterMemberContext } from './clusterMemberMachine.ts';
import type { SessionManagerConfig } from './config.ts';
import type { AppOperation } from './http.ts';
import type { CachedSession } from './sessionData.ts';

/** A cache ID as the JSESSIONID shows it: four digits. */
export const pad = (v: number): string => String(v).padStart(4, '0');

/** Sessions persist to a database. */
export const persistent = (c: ClusterMemberContext): boolean =>
  c.sessionManager.persistence === 'database' && c.store !== null;
/** Sessions are copied to other members (memory-to-memory replication). */
export const replicated = (c: ClusterMemberContext): boolean =>
  c.sessionManager.persistence === 'memoryToMemory';
/** Sessions are written somewhere at write points: the database or, with memory-to-memory, backup members. */
export const distributed = (c: ClusterMemberContext): boolean => persistent(c) || replicated(c);

/** Portal portlets that do not support failover keep state in JVM memory (DOMAIN.md §7). */
export const keepsPortletState = (c: ClusterMemberContext): boolean =>
  c.portal.enabled && !c.portal.portletsSupportFailover;

/** Such portlets are unavailable in any JVM but the one where the user logged in (DOMAIN.md §7). */
export const portletsUnavailable = (c: ClusterMemberContext, sessionId: string): boolean =>
  keepsPortletState(c) && c.portletState[sessionId] === undefined;

/**
 * The version check (DOMAIN.md §3.1): a cached copy serves the request when its cache ID is not older
 * than the one the request's JSESSIONID carries; an older one means another member changed the session.
 */
export const isCurrent = (cached: Pick<CachedSession, 'version'>, askedVersion: number): boolean =>
  cached.version >= askedVersion;

/** Where getSession finds the session a request asks for. */
export type Lookup =
  /** A login: the old session ends, a new one starts. */
  | 'relogin'
  /** The cached copy is current: no store access. */
  | 'cache'
  /** Not cached, or stale: read it from the database. */
  | 'store'
  /** Memory-to-memory: a backup here, or the members that may hold one. */
  | 'replicas'
  /** A logout needs no session. */
  | 'none'
  /** No session asked for, or nowhere to look: a new one. */
  | 'new';

export function whereToLook(c: ClusterMemberContext, r: ActiveRequest): Lookup {
  if (r.request.op.kind === 'login') return 'relogin';
  const cached = r.askedSessionId ? c.cache.get(r.askedSessionId) : undefined;
  if (cached && isCurrent(cached, r.askedVersion)) return 'cache';
  if (r.askedSessionId && persistent(c)) return 'store';
  if (r.askedSessionId && replicated(c)) return 'replicas';
  if (r.request.op.kind === 'logout') return 'none';
  return 'new';
}

/**
 * Whether the end of a request's service is a write point, and which (DOMAIN.md §4.2): every one with
 * end of servlet service; with time-based writes only a new session's first; with manual update the
 * application's sync() as well.
 */
export function writePoint(
  sm: Pick<SessionManagerConfig, 'writeFrequency'>,
  session: Pick<CachedSession, 'isNew'>,
  op: AppOperation,
): 'first' | 'end-of-service' | null {
  if (sm.writeFrequency === 'endOfServletService') return 'end-of-service';
  if (session.isNew) return 'first';
  if (sm.writeFrequency === 'manualUpdate' && op.kind === 'sync') return 'end-of-service';
  return null;
}

/** Sessions the requests inside the member are using: the invalidator and eviction leave them alone. */
const sessionsInUse = (c: ClusterMemberContext): Set<string | null> =>
  new Set([...c.requests.values()].map((r) => r.sessionId));

/**
 * The session a full cache gives up (DOMAIN.md §4.7): the least recently used one no request is using.
 * Only a distributed session manager evicts; an in-memory table is grown or refused by overflow.
 */
export function evictionVictim(c: ClusterMemberContext): string | null {
  if (!distributed(c) || c.lru.length <= c.sessionManager.maxInMemorySessionCount) return null;
  const inUse = sessionsInUse(c);
  return c.lru.find((id) => !inUse.has(id)) ?? null;
}

/** The cached sessions idle for the session timeout at `now`, least recently used first, none in use. */
export function expiredSessions(c: ClusterMemberContext, now: number): CachedSession[] {
  const timeout = c.sessionManager.sessionTimeout * 60000;
  const inUse = sessionsInUse(c);
  return inLruOrder(c).filter((s) => now - s.lastAccess >= timeout && !inUse.has(s.id));
}

/** `lru` with `id` moved (or added) to the end, in one array of the final size (pushing one by one regrows it). */
export function touchLru(lru: readonly string[], id: string): readonly string[] {
  const last = lru.length - 1;
  if (lru[last] === id) return lru;
  const i = lru.indexOf(id);
  if (i < 0) return [...lru, id];
  const out = lru.slice();
  for (let j = i; j < last; j++) out[j] = out[j + 1]!;
  out[last] = id;
  return out;
}

/** The cached sessions, least recently used first: the order time-based writes and cleanup take them in. */
export function inLruOrder(c: ClusterMemberContext): CachedSession[] {
  const out: CachedSession[] = [];
  for (const id of c.lru) {
    const s = c.cache.get(id);
    if (s) out.push(s);
  }
  return out;
}
