// The lessons, in the order a course takes them. The command line reads them all; the lab will load each
// as its own chunk when it opens (the first load stays as it is).

import type { Scenario } from '../scenario.ts';
import { cleanStop } from './cleanStop.ts';
import { hungMember } from './hungMember.ts';
import { midWriteCrash } from './midWriteCrash.ts';
import { recoveryWindow } from './recoveryWindow.ts';
import { timeBasedWrites } from './timeBasedWrites.ts';

export const lessons: readonly Scenario[] = [
  cleanStop,
  timeBasedWrites,
  midWriteCrash,
  recoveryWindow,
  hungMember,
];
