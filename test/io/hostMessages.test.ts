// What a page around the lab may send it by postMessage, read: the lab's commands, checked for shape.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { originAllowed, readCommand } from '../../src/embed/hostMessages.ts';
import { FUZZ } from './fuzz.ts';

const m = (x: Record<string, unknown>) => ({ type: 'failover-lab', ...x });

describe('a command from the page around the lab', () => {
  it('reads load, play, pause, step and seek', () => {
    expect(readCommand(m({ command: 'play' }))).toEqual({ command: 'play' });
    expect(readCommand(m({ command: 'pause' }))).toEqual({ command: 'pause' });
    expect(readCommand(m({ command: 'step' }))).toEqual({ command: 'step' });
    expect(readCommand(m({ command: 'seek', t: 3.02 }))).toEqual({ command: 'seek', t: 3020 });
    expect(readCommand(m({ command: 'load', scenario: 'clean-stop', seed: 4, t: 1.5 }))).toEqual({
      command: 'load',
      options: { scenario: 'clean-stop', seed: 4, moment: { t: 1500 } },
    });
  });

  it('ignores what is not for the lab, and says what is wrong with what is', () => {
    for (const other of [null, 'play', [1], { type: 'other', command: 'play' }, { command: 'play' }])
      expect(readCommand(other)).toBeNull();
    expect(readCommand(m({ command: 'explode' }))).toEqual({
      error: 'no command "explode" (load, play, pause, step, seek)',
    });
    expect(readCommand(m({ command: 'seek', t: -1 }))).toEqual({
      error: 'seek needs t, simulated seconds from 0',
    });
    expect(readCommand(m({ command: 'seek', t: '3' }))).toEqual({
      error: 'seek needs t, simulated seconds from 0',
    });
    expect(readCommand(m({ command: 'play', speed: 2 }))).toEqual({ error: 'play takes nothing more' });
    expect(readCommand(m({ command: 'load', scenario: 'nope' }))).toEqual({
      error: expect.stringMatching(/^load: scenario=nope: no such scenario \(known: ten-steps, /),
    });
    expect(readCommand(m({ command: 'load', html: '<b>' }))).toEqual({
      error: 'load takes scenario, seed, t',
    });
  });

  it('takes commands from the origins allowed, or from its parent page whatever its origin when none are given', () => {
    expect(originAllowed('https://docs.example.com', undefined)).toBe(true);
    expect(originAllowed('https://docs.example.com', ['https://docs.example.com'])).toBe(true);
    expect(originAllowed('https://evil.example', ['https://docs.example.com'])).toBe(false);
  });
});

describe('the host message reader on any input', () => {
  it('never throws, and gives a command, a short reason, or nothing', () => {
    const near = fc.record(
      {
        type: fc.oneof(fc.constant('failover-lab'), fc.string()),
        command: fc.oneof(fc.constantFrom('load', 'play', 'pause', 'step', 'seek'), fc.anything()),
        scenario: fc.anything(),
        seed: fc.oneof(fc.integer(), fc.double(), fc.anything()),
        t: fc.oneof(fc.double(), fc.anything()),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), near), (data) => {
        const r = readCommand(data);
        if (r && 'error' in r) expect(r.error.length).toBeLessThan(600);
        if (r && 'command' in r && r.command === 'seek') expect(r.t).toBeGreaterThanOrEqual(0);
      }),
      FUZZ,
    );
  });
});
