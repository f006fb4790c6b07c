// The WAI-ARIA tabs pattern's keys (automatic activation): the arrows move to the next or previous tab,
// wrapping, Home and End to the first and last.

/** The tab a key moves to from tab `index` of `count`, or null when the key is not one of the pattern's. */
export function tabMove(key: string, index: number, count: number): number | null {
  const last = count - 1;
  switch (key) {
    case 'ArrowRight':
      return index === last ? 0 : index + 1;
    case 'ArrowLeft':
      return index === 0 ? last : index - 1;
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/** Moves the focus to tab `index` of the tab list `from` is in. */
export function focusTab(from: EventTarget | null, index: number): void {
  const list = (from as HTMLElement | null)?.closest('[role="tablist"]');
  list?.querySelectorAll<HTMLElement>('[role="tab"]')[index]?.focus();
}
