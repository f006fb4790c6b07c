// The lessons, in the order a course takes them. The command line reads them all; the lab will load each
// as its own chunk when it opens (the first load stays as it is).

import type { Scenario } from '../scenario.ts';
import { cleanStop } from './cleanStop.ts';

export const lessons: readonly Scenario[] = [cleanStop];
