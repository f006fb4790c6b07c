// The network: messages in flight as data, latency by the ends' kinds, hosts off the network, checkpoints.
import { describe, expect, it } from 'vitest';
import { Network, type Message } from '../../src/simulation/network.ts';

const config = { browserLatency: 20, memberLatency: 1, databaseLatency: 2, osConnectTimeout: 75000 };
const message = (net: Network, from: string, to: string): Message => {
  const id = net.nextId();
  return {
    id,
    from,
    to,
    sentAt: 0,
    deliverAt: 1,
    type: 'x',
    event: { type: 'x' },
    text: '',
    fromName: from,
    toName: to,
  };
};

describe('latency', () => {
  it('a browser hop takes the browser latency, a database hop the database one, others the member one', () => {
    const net = new Network(config);
    expect(net.latency('browser', 'process')).toBe(20);
    expect(net.latency('process', 'browser')).toBe(20);
    expect(net.latency('member', 'database')).toBe(2);
    expect(net.latency('database', 'browser')).toBe(20);
    expect(net.latency('walk', 'member')).toBe(1);
    expect(net.latency('member', 'haManager')).toBe(1);
    expect(net.latency(undefined, 'member')).toBe(1);
  });
});

describe('hosts off the network', () => {
  it('lose messages to and from them until they are reachable again, however often they dropped', () => {
    const net = new Network(config);
    net.hostDown('PluginMember2');
    net.hostDown('PluginMember2');
    expect(net.loses('ihs', 'PluginMember2')).toBe('host unreachable');
    expect(net.loses('PluginMember2', 'database')).toBe('host unreachable');
    expect(net.loses('ihs', 'PluginMember1')).toBeNull();
    expect(net.isHostDown('PluginMember2')).toBe(true);
    net.hostUp('PluginMember2');
    expect(net.loses('ihs', 'PluginMember2')).toBeNull();
    expect(net.isHostDown('PluginMember2')).toBe(false);
  });
});

describe('messages in flight', () => {
  it('are numbered in sending order, listed until taken, taken once', () => {
    const net = new Network(config);
    const a = message(net, 'browser:u1', 'ihs');
    const b = message(net, 'ihs#1', 'PluginMember1');
    expect([a.id, b.id]).toEqual([1, 2]);
    net.post(a);
    net.post(b);
    expect(net.messages().map((m) => m.id)).toEqual([1, 2]);
    expect(net.take(1, 1)).toBe(a);
    expect(net.take(1, 1)).toBeUndefined();
    expect(net.messages()).toEqual([b]);
  });
  it('come back as they were at a checkpoint, with the numbering and the hosts down then', () => {
    const net = new Network(config);
    net.post(message(net, 'browser:u1', 'ihs'));
    net.hostDown('PluginMember1');
    net.partition('ihs#1', 'PluginMember2');
    net.setReplicationLag(500);
    const saved = net.save();
    net.take(1, 1);
    net.heal('ihs#1', 'PluginMember2');
    net.setReplicationLag(0);
    net.post(message(net, 'ihs#1', 'PluginMember2'));
    net.hostUp('PluginMember1');
    net.hostDown('PluginMember3');
    net.restore(saved);
    expect(net.messages().map((m) => m.id)).toEqual([1]);
    expect(net.isHostDown('PluginMember1')).toBe(true);
    expect(net.isHostDown('PluginMember3')).toBe(false);
    expect(net.partitions()).toEqual([['PluginMember2', 'ihs#1']]);
    expect(net.replicationLag).toBe(500);
    expect(net.nextId()).toBe(2);
    // The checkpoint itself is untouched by what happens after a restore.
    net.take(1, 1);
    net.heal('ihs#1', 'PluginMember2');
    net.restore(saved);
    expect(net.messages().map((m) => m.id)).toEqual([1]);
    expect(net.partitions()).toHaveLength(1);
  });
  it('drop one chosen message for good, or hold it up: it is not taken before its new time', () => {
    const net = new Network(config);
    const a = message(net, 'ihs#1', 'PluginMember1');
    const b = message(net, 'PluginMember1', 'database');
    net.post(a);
    net.post(b);
    expect(net.drop(1)).toBe(true);
    expect(net.drop(1)).toBe(false);
    expect(net.inFlight(1)).toBeUndefined();
    expect(net.take(1, 1)).toBeUndefined();
    expect(net.delay(2, 2500)).toBe(2501);
    expect(net.delay(99, 10)).toBeNull();
    // The delivery planned first finds it not yet due; the one at its new time takes it.
    expect(net.take(2, 1)).toBeUndefined();
    expect(net.take(2, 2501)).toMatchObject({ id: 2, deliverAt: 2501 });
    expect(net.messages()).toEqual([]);
  });
});

describe('partitions', () => {
  it('lose messages between two hosts both ways, and no others, until healed', () => {
    const net = new Network(config);
    net.partition('PluginMember1', 'database');
    net.partition('database', 'PluginMember1');
    expect(net.partitions()).toEqual([['PluginMember1', 'database']]);
    expect(net.loses('PluginMember1', 'database')).toBe('network partition');
    expect(net.loses('database', 'PluginMember1')).toBe('network partition');
    expect(net.loses('PluginMember2', 'database')).toBeNull();
    expect(net.loses('ihs#1', 'PluginMember1')).toBeNull();
    expect(net.isPartitioned('database', 'PluginMember1')).toBe(true);
    // A host off the network is named first: it loses every message, partition or not.
    net.hostDown('PluginMember1');
    expect(net.loses('PluginMember1', 'database')).toBe('host unreachable');
    net.hostUp('PluginMember1');
    net.heal('database', 'PluginMember1');
    expect(net.loses('PluginMember1', 'database')).toBeNull();
    expect(net.partitions()).toEqual([]);
  });
});

describe('replication lag', () => {
  it("adds to replication's messages only, and only while set", () => {
    const net = new Network(config);
    expect(net.extraFor('replica.update')).toBe(0);
    net.setReplicationLag(1500);
    expect(net.extraFor('replica.update')).toBe(1500);
    expect(net.extraFor('replica.fetch')).toBe(1500);
    expect(net.extraFor('session.write')).toBe(0);
    expect(net.extraFor('http.request')).toBe(0);
    net.setReplicationLag(0);
    expect(net.extraFor('replica.remove')).toBe(0);
  });
});
