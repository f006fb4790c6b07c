// The anatomy of a WebSphere session identifier (DOMAIN.md §3): a 4-digit cache ID (the session version),
// a 23-character session ID, then the clone IDs of the members that served it, separated by `:` or `+`.
// Pure functions; who appends which clone ID and when is decided by the cluster member.

/** A JSESSIONID taken apart. */
export interface SessionIdParts {
  /** Four digits; incremented each time a member has to read the session from the store. */
  cacheId: string;
  /** The 23-character identifier the session store keys on. */
  sessionId: string;
  /** Clone IDs left to right; the plug-in tries them in this order. */
  cloneIds: string[];
}

export const sessionIdLength = 23;
const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** `:` normally, `+` with CloneSeparatorChange (DOMAIN.md §1.2). */
export function cloneSeparator(cloneSeparatorChange: boolean): string {
  return cloneSeparatorChange ? '+' : ':';
}

/** Splits a JSESSIONID value; null when it is not in WebSphere's shape. */
export function parseSessionId(value: string, separator = ':'): SessionIdParts | null {
  const [head, ...cloneIds] = value.split(separator);
  if (head === undefined || head.length < 5 || !/^\d{4}$/.test(head.slice(0, 4))) return null;
  return {
    cacheId: head.slice(0, 4),
    sessionId: head.slice(4),
    cloneIds: cloneIds.filter((c) => c !== ''),
  };
}

/** Joins the parts back into a JSESSIONID value. */
export function formatSessionId(parts: SessionIdParts, separator = ':'): string {
  return [parts.cacheId + parts.sessionId, ...parts.cloneIds].join(separator);
}

/** The next session version; wraps from 9999 back to 0000 (DOMAIN.md §3.1, LIB-BHM updateCacheId). */
export function nextCacheId(cacheId: string): string {
  const n = Number(cacheId);
  return String(n >= 9999 ? 0 : n + 1).padStart(4, '0');
}

/** Cache ID as a number, for the version check. */
export function cacheVersion(cacheId: string): number {
  return Number(cacheId);
}

/**
 * The clone list after `servingCloneId` served the request (DOMAIN.md §3.2): appended when absent;
 * with NoAffinitySwitchBack the serving member moves to the front so affinity stays with it.
 */
export function updateCloneIds(
  cloneIds: string[],
  servingCloneId: string,
  noAffinitySwitchBack: boolean,
): string[] {
  if (noAffinitySwitchBack) {
    return [servingCloneId, ...cloneIds.filter((c) => c !== servingCloneId)];
  }
  return cloneIds.includes(servingCloneId) ? cloneIds : [...cloneIds, servingCloneId];
}

/**
 * A new 23-character session ID, a pure function of a seed drawn from the world's generator and a
 * per-member counter, so runs stay reproducible.
 */
export function makeSessionId(seed: number, counter: number): string {
  let x = (seed ^ Math.imul(counter + 1, 0x9e3779b1)) >>> 0;
  let id = '';
  for (let i = 0; i < sessionIdLength; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    id += idAlphabet[x & 63];
  }
  return id;
}

/** The `;jsessionid=` path parameter of a rewritten URL (DOMAIN.md §3.3), or null. */
export function sessionIdFromUrl(url: string, identifier: string): string | null {
  const path = url.split('?')[0] ?? '';
  const marker = `;${identifier}=`;
  const at = path.indexOf(marker);
  if (at < 0) return null;
  const rest = path.slice(at + marker.length);
  const end = rest.indexOf(';');
  return end < 0 ? rest : rest.slice(0, end);
}

/** Rewrites a URL to carry the session ID as a path parameter, replacing any it had. */
export function encodeUrl(url: string, identifier: string, sessionId: string): string {
  const [path = '', query] = url.split('?');
  const bare = path.replace(new RegExp(`;${identifier}=[^;]*`), '');
  return `${bare};${identifier}=${sessionId}${query === undefined ? '' : `?${query}`}`;
}

/** A URL without its session path parameter, as the application sees the path. */
export function stripSessionFromUrl(url: string, identifier: string): string {
  return url.replace(new RegExp(`;${identifier}=[^;?]*`), '');
}
