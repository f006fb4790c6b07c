// The lab in an iframe talks with the page around it by postMessage. The page commands it:
//
//   { type: 'failover-lab', command: 'load', scenario: 'ten-steps', seed: 1, t: 3.02 }
//   { type: 'failover-lab', command: 'play' | 'pause' | 'step' }
//   { type: 'failover-lab', command: 'seek', t: 3.02 }            (simulated seconds)
//
// and hears from it: `ready` (the first frame is drawn), `beat` (the lesson's part changed), `resized`
// (the lab's height, for the iframe to fit it), and `error` (a command it could not carry out). A message
// of any other shape, or from a window or origin not allowed, is ignored.

import { parseLabQuery, secondsText, withoutFallback, type LabOptions } from '../io/urlState.ts';

export const MESSAGE_TYPE = 'failover-lab';

export type HostCommand =
  | { command: 'load'; options: LabOptions }
  | { command: 'play' }
  | { command: 'pause' }
  | { command: 'step' }
  | { command: 'seek'; t: number };

export type LabEvent =
  | { event: 'ready'; scenario: string; t: number }
  | { event: 'beat'; index: number; count: number; text: string }
  | { event: 'resized'; height: number }
  | { event: 'error'; message: string };

const LOAD_KEYS = ['type', 'command', 'scenario', 'seed', 't'];

/**
 * The command `data` carries, or why it is not one the lab carries out: `null` when it is not for the
 * lab at all (ignored without a word), `{ error }` when it is the lab's but wrong.
 */
export function readCommand(data: unknown): HostCommand | { error: string } | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const m = data as Record<string, unknown>;
  if (m.type !== MESSAGE_TYPE) return null;
  const only = (keys: string[]) => Object.keys(m).every((k) => keys.includes(k));
  switch (m.command) {
    case 'play':
    case 'pause':
    case 'step':
      return only(['type', 'command'])
        ? { command: m.command }
        : { error: `${m.command} takes nothing more` };
    case 'seek': {
      if (!only(['type', 'command', 't']) || typeof m.t !== 'number' || !Number.isFinite(m.t) || m.t < 0)
        return { error: 'seek needs t, simulated seconds from 0' };
      return { command: 'seek', t: Math.round(m.t * 1000) };
    }
    case 'load': {
      if (!only(LOAD_KEYS)) return { error: `load takes ${LOAD_KEYS.slice(2).join(', ')}` };
      const params = new URLSearchParams();
      if (m.scenario !== undefined) {
        if (typeof m.scenario !== 'string') return { error: 'load: scenario must be text' };
        params.append('scenario', m.scenario);
      }
      for (const key of ['seed', 't'] as const) {
        if (m[key] === undefined) continue;
        if (typeof m[key] !== 'number' || !Number.isFinite(m[key]))
          return { error: `load: ${key} must be a number` };
        params.append(key, key === 't' ? secondsText(m[key] * 1000) : String(m[key]));
      }
      const { options, errors } = parseLabQuery(`?${params}`, 'load:');
      if (errors.length > 0) return { error: errors.map(withoutFallback).join('; ') };
      return { command: 'load', options };
    }
    default:
      return {
        error: `no command ${typeof m.command === 'string' ? JSON.stringify(m.command.slice(0, 40)) : '(none)'} (load, play, pause, step, seek)`,
      };
  }
}

/** Whether a message from `origin` may command the lab: any, when no origins are given (its parent only). */
export const originAllowed = (origin: string, allowed: readonly string[] | undefined): boolean =>
  !allowed || allowed.includes(origin);
