// A whole new context handed to an assign. xstate makes the next context as `{ ...context, ...update }`;
// when the update is already a complete copy of the context, made for this one assign from the context
// the action received, the result is that copy field for field, and the lab's runner
// (src/simulation/machineRunner.ts) takes it as it is instead of copying it once more.

let handed: object | null = null;

/** Marks `ctx` as a whole context made for the assign that returns it; returns it. */
export function handOver<T extends object>(ctx: T): T {
  handed = ctx;
  return ctx;
}

/** Whether `update` is the context just handed over (and forgets it either way). */
export function takeHandedOver(update: unknown): boolean {
  const whole = update !== null && update === handed;
  handed = null;
  return whole;
}
