// What a run came to, in the figures an instructor compares two configurations by: requests failed,
// updates lost, failovers, store writes, time to recover, sessions in two JVMs. Counted from the trace
// alone, so the same run always gives the same figures, headless and in the page.

import type { TraceEntry } from './trace.ts';

export interface RunFigures {
  /** Pages the users got with an error status (the plug-in's 500 and 503, a 413 for a body too large). */
  requestsFailed: number;
  /** Acknowledged updates no copy of the session holds any more (the ledger's findings). */
  updatesLost: number;
  /**
   * Sessions a member read from the store or a replica after the first fault (before one, such reads are
   * a full cache's, not failovers).
   */
  failovers: number;
  /** Writes to the session store: database commits, and each copy replicated to another member. */
  storeWrites: number;
  /**
   * Simulated ms from the first fault to the last page after it that failed or kept its user waiting
   * more than SLOW_PAGE_MS, or to the end when a user still waits that long; 0 when none did, null with
   * no fault.
   */
  timeToRecover: number | null;
  /** Times one session was served by two JVMs at once (the monitor's findings). */
  sessionsInTwoJvms: number;
}

/** The figures' names as the page and the command line write them, in the table's order. */
export const FIGURE_NAMES: Readonly<Record<keyof RunFigures, string>> = {
  requestsFailed: 'requests failed',
  updatesLost: 'updates lost',
  failovers: 'failovers',
  storeWrites: 'store writes',
  timeToRecover: 'time to recover',
  sessionsInTwoJvms: 'sessions in two JVMs',
};

/**
 * A page the user waited for longer than this was disturbed by the fault even though it came: about the
 * limit of a user's flow of thought in the usual response-time guidance (Nielsen, "Response Times: The 3
 * Important Limits").
 */
export const SLOW_PAGE_MS = 1000;

/** A fault made by the trainee or the script (a recovery such as `fault.hostUp` is not one). */
export const isFault = (type: string): boolean =>
  (type.startsWith('fault.') && !type.endsWith('Up') && type !== 'fault.heal') || type === 'member.stop';

/**
 * The figures counted entry by entry: fed the trace in order, it tells the figures up to the last entry
 * fed (a page that asks again and again as a run goes on feeds only what came since).
 */
export class FiguresTally {
  /** How many entries have been fed, and the last of them. */
  count = 0;
  last: TraceEntry | undefined;
  readonly #figures: RunFigures = {
    requestsFailed: 0,
    updatesLost: 0,
    failovers: 0,
    storeWrites: 0,
    timeToRecover: null,
    sessionsInTwoJvms: 0,
  };
  #firstFault: number | null = null;
  #lastDisturbed: number | null = null;
  #end = 0;
  /** When each browser sent its request (a browser has one under way at a time). */
  readonly #sent = new Map<string, number>();

  feed(e: TraceEntry): void {
    const figures = this.#figures;
    this.count++;
    this.last = e;
    this.#end = e.t;
    if (this.#firstFault === null && isFault(e.type)) this.#firstFault = e.t;
    switch (e.type) {
      case 'http.request':
        if (e.actor.startsWith('browser:')) this.#sent.set(e.actor, e.t);
        break;
      case 'browser.page': {
        const failed = (e.data?.status ?? 0) >= 400;
        if (failed) figures.requestsFailed++;
        if (failed || e.t - (this.#sent.get(e.actor) ?? e.t) > SLOW_PAGE_MS) this.#lastDisturbed = e.t;
        this.#sent.delete(e.actor);
        break;
      }
      case 'ledger.lost':
        figures.updatesLost++;
        break;
      case 'session.readFromStore':
      case 'session.fromReplica':
      case 'session.fetched':
        if (this.#firstFault !== null) figures.failovers++;
        break;
      case 'session.written':
      case 'replica.update':
        figures.storeWrites++;
        break;
      case 'monitor.sessionInTwoJvms':
        figures.sessionsInTwoJvms++;
        break;
    }
  }

  /** The figures up to the last entry fed. */
  figures(): RunFigures {
    const firstFault = this.#firstFault;
    let lastDisturbed = this.#lastDisturbed;
    // A user still waiting at the end (a hung member, no answer) has not recovered yet.
    const end = this.#end;
    for (const t of this.#sent.values()) if (end - t > SLOW_PAGE_MS) lastDisturbed = end;
    return {
      ...this.#figures,
      timeToRecover:
        firstFault === null
          ? null
          : lastDisturbed !== null && lastDisturbed > firstFault
            ? lastDisturbed - firstFault
            : 0,
    };
  }
}

/** The figures of the entries up to now. */
export function runFigures(entries: readonly TraceEntry[]): RunFigures {
  const tally = new FiguresTally();
  for (const e of entries) tally.feed(e);
  return tally.figures();
}
