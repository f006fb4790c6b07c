// The lab's faults on the network and on a member's pace (the faults panel, `--at`): a partition
// between two parts, one chosen message lost or held up, replication lag, a slow member. Each decides
// only what the wire or the member does; the plug-in and the session manager react as they would.
import { describe, expect, it } from 'vitest';
import { project } from '../../src/simulation/frame.ts';
import { parseAction } from '../../src/simulation/actionWords.ts';
import { detailsOf } from '../../src/simulation/trace.ts';
import type { Intervention } from '../../src/simulation/world.ts';
import { entries, get, lab, m2m, pages, run } from '../helpers.ts';

const at = (t: number, words: string): Intervention => ({
  at: t,
  action: parseAction(words.split(' '), { defaultPath: '/shop/cart' }),
});
/** In the default two-member lab, round robin sends u1's first request (and so its session) to PluginMember2. */
const OWNER = 'PluginMember2';

describe('a network partition', () => {
  const partitioned = () =>
    run(
      {
        config: lab(),
        interventions: [
          get('u1', 100),
          at(10_000, `partition ihs#1 ${OWNER}`),
          get('u1', 20_000),
          get('u1', 21_000),
        ],
      },
      40_000,
    );

  it('loses what the web server process sends the member: a request on a pooled connection waits, a new connection times out and the member is marked down', () => {
    const w = partitioned();
    const lost = w.visibleTrace().filter((e) => e.text.endsWith('(dropped: network partition)'));
    expect(lost.map((e) => [e.t, e.type])).toEqual([
      [20_020, 'http.request'],
      [21_020, 'tcp.connect'],
    ]);
    // ConnectTimeout (5 s) later the process marks the member down and fails the session over.
    const down = entries(w, 'plugin.markDown')[0]!;
    expect([down.t, down.actor, detailsOf(down).member]).toEqual([26_020, 'ihs#1', OWNER]);
    expect(pages(w).at(-1)).toMatch(/from PluginMember1 .*counter 2/);
    // The request sent before the mark-down never had an answer: its increment never reached a servlet.
    expect(project(w).browsers[0]!.waiting).toBe(true);
  });

  it('leaves every other pair of parts alone: the member still writes to the database', () => {
    const w = partitioned();
    const writes = entries(w, 'session.write');
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((e) => !e.text.includes('dropped'))).toBe(true);
  });

  it('is over when healed: the process reaches the member again', () => {
    const w = run(
      {
        config: lab(),
        interventions: [
          get('u1', 100),
          at(10_000, `partition ${OWNER} ihs#1`),
          at(15_000, `heal ihs#1 ${OWNER}`),
          get('u1', 20_000),
        ],
      },
      30_000,
    );
    expect(w.visibleTrace().some((e) => e.text.includes('dropped'))).toBe(false);
    expect(pages(w).at(-1)).toMatch(new RegExp(`from ${OWNER} .*counter 2`));
    expect(w.partitions()).toEqual([]);
  });

  it('loses an answer to a request the plug-in has given up on, as it loses any other: the wire does not know', () => {
    // The member is slow; ServerIOTimeout (5 s) ends the walk first; a partition then lies between them
    // when the member answers.
    const w = run(
      {
        config: lab((c) => {
          for (const s of c.plugin.cluster.servers) s.serverIOTimeout = 5;
        }),
        interventions: [
          get('u1', 100),
          at(1000, `slow ${OWNER} 20`),
          get('u1', 2000),
          at(10_000, `partition ihs#1 ${OWNER}`),
        ],
      },
      40_000,
    );
    const answer = entries(w, 'http.response')
      .filter((e) => e.actor === OWNER)
      .at(-1)!;
    expect(answer.t).toBeGreaterThan(20_000);
    expect(answer.text).toMatch(/\(dropped: network partition\)$/);
    expect(entries(w, 'net.late')).toEqual([]);
  });

  it('loses what is on the wire between the two parts when it begins: a copy held up by replication lag', () => {
    const config = m2m();
    const first = run({ config, interventions: [at(0, 'replication-lag 5'), get('u1', 100)] }, 1000);
    const copy = entries(first, 'replica.update')[0]!;
    const [owner, backup] = [copy.actor, String(detailsOf(copy).to)];
    const w = run(
      {
        config,
        interventions: [at(0, 'replication-lag 5'), get('u1', 100), at(1000, `partition ${owner} ${backup}`)],
      },
      10_000,
    );
    const lost = entries(w, 'net.lost');
    expect(lost.map((e) => detailsOf(e).message)).toEqual([detailsOf(copy).msg]);
    expect(lost[0]!.t).toBe(1000);
    // The backup never got the copy.
    const held = (w.snapshotOf(backup)!.context as { replicas: Record<string, unknown> }).replicas;
    expect(Object.keys(held)).toEqual([]);
  });

  it('is part of the run: seeking back before it and forward again finds the same partitions', () => {
    const w = partitioned();
    w.seek(5_000);
    expect(w.partitions()).toEqual([]);
    w.seek(12_000);
    expect(w.partitions()).toEqual([[OWNER, 'ihs#1']]);
  });
});

describe('one chosen message', () => {
  /** The web server's response to u1's first request, in a run without faults (numbering is deterministic). */
  const response = () => {
    const w = run({ config: lab(), interventions: [get('u1', 100)] }, 1000);
    const e = entries(w, 'http.response').find((x) => x.actor === 'ihs#1')!;
    return { id: Number(detailsOf(e).msg), sentAt: e.t, deliverAt: Number(detailsOf(e).deliverAt) };
  };

  it('lost: the servlet ran and changed the session, but the user never sees the page, nor its cookie', () => {
    const { id, sentAt } = response();
    const w = run(
      {
        config: lab(),
        interventions: [get('u1', 100), at(sentAt + 5, `drop-message ${id}`), get('u1', 5000)],
      },
      10_000,
    );
    const drop = entries(w, 'fault.dropMessage')[0]!;
    expect(detailsOf(drop).lost).toBe(1);
    expect(drop.text).toMatch(/http\.response from ihs#1 to browser:u1 is lost on the wire/);
    // The first page never came, nor the cookie in it: the next request starts a second session, and
    // the first (counter 1) stays behind on the member that made it.
    expect(pages(w)).toHaveLength(1);
    expect(pages(w)[0]).toMatch(/counter 1/);
    expect(entries(w, 'session.create')).toHaveLength(2);
  });

  it('held up: it arrives the given seconds later, and is in flight all that time', () => {
    const { id, sentAt, deliverAt } = response();
    const w = run(
      { config: lab(), interventions: [get('u1', 100), at(sentAt + 5, `delay-message ${id} 2`)] },
      deliverAt + 1000,
    );
    expect(w.messagesInFlight().find((m) => m.id === id)?.deliverAt).toBe(deliverAt + 2000);
    expect(entries(w, 'browser.page')).toHaveLength(0);
    w.runUntil(5000);
    expect(entries(w, 'browser.page')[0]!.t).toBe(deliverAt + 2000);
    expect(entries(w, 'fault.delayMessage')[0]!.data.deliverAt).toBe(deliverAt + 2000);
  });

  it('not on the wire: the lab says so and nothing changes', () => {
    const w = run({ config: lab(), interventions: [get('u1', 100), at(3, 'drop-message 999')] }, 1000);
    expect(entries(w, 'fault.dropMessage')[0]!.text).toMatch(/message 999 is not on the wire now/);
    expect(pages(w)).toHaveLength(1);
  });
});

describe('replication lag', () => {
  it('holds up each memory-to-memory copy by the given seconds, from then on', () => {
    const config = m2m();
    const w = run(
      { config, interventions: [get('u1', 100), at(3, 'replication-lag 2'), get('u1', 5000)] },
      10_000,
    );
    const copies = entries(w, 'replica.update');
    expect(copies).toHaveLength(2);
    const flight = (e: (typeof copies)[number]) => Number(detailsOf(e).deliverAt) - e.t;
    expect(copies.map(flight)).toEqual([
      config.network.memberLatency + 2000,
      config.network.memberLatency + 2000,
    ]);
  });
});

describe('a slow member', () => {
  it('takes the given seconds longer over each servlet, until set back to 0', () => {
    /** Milliseconds from each request's session access to the member's response. */
    const times = (interventions: Intervention[]) => {
      const w = run({ config: lab(), interventions }, 10_000);
      const served = entries(w, 'session.access').map((e) => e.t);
      const answered = entries(w, 'http.response').filter((e) => e.actor === OWNER);
      return answered.map((e, i) => e.t - served[i]!);
    };
    const usual = times([get('u1', 100), get('u1', 5000)]);
    const slowed = times([
      at(0, `slow ${OWNER} 1.5`),
      get('u1', 100),
      at(3000, `slow ${OWNER} 0`),
      get('u1', 5000),
    ]);
    expect(usual).toHaveLength(2);
    expect(slowed[0]! - usual[0]!).toBe(1500);
    expect(slowed[1]).toBe(usual[1]);
  });
});
