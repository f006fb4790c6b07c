// The lessons, in the order a course takes them. The command line reads them all; the lab will load each
// as its own chunk when it opens (the first load stays as it is).

import type { Beat } from '../narration.ts';
import type { Lesson } from '../scenario.ts';
import { affinityBasics } from './affinityBasics.ts';
import { cleanStop } from './cleanStop.ts';
import { hungMember } from './hungMember.ts';
import { memoryToMemory } from './memoryToMemory.ts';
import { midWriteCrash } from './midWriteCrash.ts';
import { nothingLeft } from './nothingLeft.ts';
import { overloadWindow } from './overloadWindow.ts';
import { portal } from './portal.ts';
import { postFailover } from './postFailover.ts';
import { recoveryWindow } from './recoveryWindow.ts';
import { tenStepsBeats } from './tenStepsBeats.ts';
import { timeBasedWrites } from './timeBasedWrites.ts';

/** Beats for scenarios the lab narrates with shorter captions: the command line narrates them in full. */
export const fullNarration: Readonly<Record<string, readonly Beat[]>> = { 'ten-steps': tenStepsBeats };

export const lessons: readonly Lesson[] = [
  affinityBasics,
  cleanStop,
  timeBasedWrites,
  midWriteCrash,
  postFailover,
  recoveryWindow,
  overloadWindow,
  hungMember,
  memoryToMemory,
  nothingLeft,
  portal,
];
