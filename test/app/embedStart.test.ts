// An embedded lab's start: at the part beat= names once narrated, at its first frame otherwise, saying why.
import { describe, expect, it } from 'vitest';
import { embedStart } from '../../src/app/embedStart.ts';

const lesson = { narrated: false, sandbox: false, lessonsFailed: false };

describe('an embedded lab starts', () => {
  it('at once without a beat, playing if asked', () => {
    expect(embedStart({ autoplay: true }, lesson)).toEqual({ play: true });
    expect(embedStart({ autoplay: false }, lesson)).toEqual({ play: false });
  });

  it('at the part beat= names, once the narration has come', () => {
    expect(embedStart({ autoplay: true, beat: 3 }, lesson)).toBeNull();
    expect(embedStart({ autoplay: true, beat: 3 }, { ...lesson, narrated: true })).toEqual({
      beat: 2,
      play: true,
    });
  });

  it('at its first frame, saying why, in a sandbox or when the lessons could not be loaded, and plays if asked', () => {
    expect(embedStart({ autoplay: true, beat: 2 }, { ...lesson, sandbox: true })).toEqual({
      error: 'beat=2: the sandbox has no lesson; it opens at its start',
      play: true,
    });
    expect(embedStart({ autoplay: true, beat: 2 }, { ...lesson, lessonsFailed: true })).toEqual({
      error: 'beat=2: the lessons could not be loaded; it opens at its start',
      play: true,
    });
  });
});
