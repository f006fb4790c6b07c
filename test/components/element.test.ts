// <failover-lab>'s attributes as the embedded lab's address: what the element asks of the lab it mounts.
import { describe, expect, it } from 'vitest';
import { FailoverLabElement } from '../../src/embed/element.ts';

const queryOf = (attributes: Record<string, string>): URLSearchParams => {
  const el = document.createElement('failover-lab') as FailoverLabElement;
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  return new URLSearchParams(el.query());
};

describe('<failover-lab>', () => {
  it('asks for an embedded lab with its attributes as the address’s keys, at= as the cursor', () => {
    const q = queryOf({
      scenario: 'ten-steps',
      seed: '3',
      at: '3.02',
      show: 'topology,lesson',
      autoplay: '',
    });
    expect([...q]).toEqual([
      ['embed', '1'],
      ['scenario', 'ten-steps'],
      ['seed', '3'],
      ['t', '3.02'],
      ['show', 'topology,lesson'],
      ['autoplay', '1'],
    ]);
  });

  it('reads settings one after another, a value’s own spaces kept', () => {
    const q = queryOf({ set: 'plugin.cluster.loadBalance=Round Robin  plugin.cluster.retryInterval=10' });
    expect(q.getAll('set')).toEqual([
      'plugin.cluster.loadBalance=Round Robin',
      'plugin.cluster.retryInterval=10',
    ]);
    // Not settings at all: passed on whole, for the lab to name.
    expect(queryOf({ set: 'fast please' }).getAll('set')).toEqual(['fast please']);
  });
});
