// Message categories: every message type has one, and the plug-in's handshake and headers pair with their answers.
import { describe, expect, it } from 'vitest';
import { categories, category } from '../../src/view/messageCategory.ts';

describe('message categories', () => {
  it('draws the extended handshake and the Expect: 100-continue headers as requests, their answers as responses', () => {
    expect(['http.handshake', 'http.expectContinue', 'http.request', 'tcp.connect'].map(category)).toEqual([
      'request',
      'request',
      'request',
      'request',
    ]);
    expect(['handshake.ok', 'http.continue', 'http.response', 'tcp.accepted'].map(category)).toEqual([
      'response',
      'response',
      'response',
      'response',
    ]);
  });

  it('puts the store and replication traffic apart, and anything unknown with the rest', () => {
    expect(category('session.write')).toBe('store');
    expect(category('replica.update')).toBe('replication');
    expect(category('ha.heartbeat')).toBe('other');
    expect(category('no.such.message')).toBe('other');
    expect(new Set(Object.values(categories))).toEqual(
      new Set(['request', 'response', 'store', 'replication']),
    );
  });
});
