// Attachments that follow an element and the viewport: `whenVisible` calls `load` once, when the element
// first comes within 200 px of it; `whileVisible` tells whether any of it is in view, at once and on each
// change. Without IntersectionObserver, an element counts as in view. And `whenIdle`, for what can wait.

export function whenVisible(load: () => void): (node: Element) => () => void {
  return (node) => {
    if (typeof IntersectionObserver === 'undefined') {
      load();
      return () => {};
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          load();
        }
      },
      { rootMargin: '200px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  };
}

/** Calls `set` with whether any of the element is in the viewport, at once and on each change. */
export function whileVisible(set: (inView: boolean) => void): (node: Element) => () => void {
  return (node) => {
    if (typeof IntersectionObserver === 'undefined') {
      set(true);
      return () => {};
    }
    const observer = new IntersectionObserver((entries) => {
      const last = entries.at(-1);
      if (last) set(last.isIntersecting);
    });
    observer.observe(node);
    return () => observer.disconnect();
  };
}

/**
 * Calls `run` when the browser is next idle (at most `timeoutMs` from now); where it cannot tell
 * (no requestIdleCallback), after `fallbackMs`.
 */
export function whenIdle(run: () => void, timeoutMs = 2000, fallbackMs = 1000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => run(), { timeout: timeoutMs });
  else setTimeout(run, fallbackMs);
}
