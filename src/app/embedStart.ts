// How an embedded lab starts (embed=1): at the lesson's part `beat=` names once the lessons' narration has
// come, or at its first frame; playing at once if `autoplay` asks. A sandbox has no part to start at, and
// neither has a lesson whose narration could not be loaded: each says so and starts at its first frame.

import type { EmbedOptions } from '../io/urlState.ts';

export type EmbedStart =
  /** Not yet: the lesson's narration is still on its way. */
  null | {
    /** The part to go to (0 for the first), if any. */
    beat?: number;
    /** Why `beat=` could not be followed. */
    error?: string;
    play: boolean;
  };

export function embedStart(
  embed: Pick<EmbedOptions, 'beat' | 'autoplay'>,
  run: { narrated: boolean; sandbox: boolean; lessonsFailed: boolean },
): EmbedStart {
  const play = embed.autoplay;
  if (embed.beat === undefined) return { play };
  if (run.sandbox)
    return { error: `beat=${embed.beat}: the sandbox has no lesson; it opens at its start`, play };
  if (run.narrated) return { beat: embed.beat - 1, play };
  if (run.lessonsFailed)
    return { error: `beat=${embed.beat}: the lessons could not be loaded; it opens at its start`, play };
  return null;
}
