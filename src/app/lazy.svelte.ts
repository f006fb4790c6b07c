// A part of the page loaded on demand (a component, usually): `start()` loads it once; `value` is set
// when it has arrived and `error` says why it could not be loaded.

export class Lazy<T> {
  value: T | null = $state.raw(null);
  loading = $state(false);
  error = $state('');

  constructor(private readonly load: () => Promise<T>) {}

  start = (): void => {
    if (this.loading || this.value) return;
    this.loading = true;
    this.load().then(
      (v) => (this.value = v),
      (e: unknown) => (this.error = String(e)),
    );
  };
}
