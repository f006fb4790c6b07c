// jsdom has no ResizeObserver, which `bind:clientWidth` uses: an inert one, so components mount (the
// element keeps whatever width the test gives it).
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
} as unknown as typeof ResizeObserver;
