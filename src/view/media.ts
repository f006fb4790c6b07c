// Following a media query (reduced motion, colour scheme, device pixel ratio) from an effect.

/**
 * Calls `changed` whenever `query` starts or stops matching; returns what stops listening (an effect's
 * cleanup). Without matchMedia (tests), it never calls.
 */
export function onMediaChange(query: string, changed: (matches: boolean) => void): () => void {
  const list = typeof window !== 'undefined' ? window.matchMedia?.(query) : undefined;
  if (!list) return () => {};
  const listener = (e: MediaQueryListEvent) => changed(e.matches);
  list.addEventListener('change', listener);
  return () => list.removeEventListener('change', listener);
}
