// The lessons, in the order a course takes them, ten-steps first. The command line reads them all; the
// lab's simulation loads them as a chunk of their own after its first answer (the first load stays as it
// is: ten-steps opens from its run alone and gets its beats when they arrive).

import { tenStepsInfo } from '../catalog.ts';
import type { Lesson } from '../scenario.ts';
import { tenSteps } from '../tenSteps.ts';
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

/** ten-steps as a lesson: its run, the page's words for it, and a beat for each step. */
export const tenStepsLesson: Lesson = {
  ...tenSteps,
  title: tenStepsInfo.title,
  summary: tenStepsInfo.summary,
  beats: [...tenStepsBeats],
};

export const lessons: readonly Lesson[] = [
  tenStepsLesson,
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
