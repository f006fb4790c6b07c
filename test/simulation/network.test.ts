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
    expect(net.loses('ihs', 'PluginMember2')).toBe(true);
    expect(net.loses('PluginMember2', 'database')).toBe(true);
    expect(net.loses('ihs', 'PluginMember1')).toBe(false);
    expect(net.isHostDown('PluginMember2')).toBe(true);
    net.hostUp('PluginMember2');
    expect(net.loses('ihs', 'PluginMember2')).toBe(false);
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
    expect(net.take(1)).toBe(a);
    expect(net.take(1)).toBeUndefined();
    expect(net.messages()).toEqual([b]);
  });
  it('come back as they were at a checkpoint, with the numbering and the hosts down then', () => {
    const net = new Network(config);
    net.post(message(net, 'browser:u1', 'ihs'));
    net.hostDown('PluginMember1');
    const saved = net.save();
    net.take(1);
    net.post(message(net, 'ihs#1', 'PluginMember2'));
    net.hostUp('PluginMember1');
    net.hostDown('PluginMember3');
    net.restore(saved);
    expect(net.messages().map((m) => m.id)).toEqual([1]);
    expect(net.isHostDown('PluginMember1')).toBe(true);
    expect(net.isHostDown('PluginMember3')).toBe(false);
    expect(net.nextId()).toBe(2);
    // The checkpoint itself is untouched by what happens after a restore.
    net.take(1);
    net.restore(saved);
    expect(net.messages().map((m) => m.id)).toEqual([1]);
  });
});
