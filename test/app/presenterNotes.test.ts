// The presenter's notes window and the lab read each other's messages field by field: only the shapes of
// presenterNotes.ts are acted on, whatever else arrives on the channel.
import { describe, expect, it } from 'vitest';
import { NOTES_ID, readNotesMessage, type NotesState } from '../../src/app/presenterNotes.ts';

const state: NotesState = {
  kind: 'state',
  title: 'A POST inside a member that dies: re-sent, or lost',
  presenting: 'topology',
  blanked: false,
  playing: true,
  time: '2.000s',
  part: { at: 2, count: 8, text: "PluginMember1's JVM is killed", source: 'Redbook' },
  following: { text: 'The plug-in marks PluginMember1 down', source: 'Redbook' },
  event: null,
  question: { prompt: 'What becomes of the POST?', answer: 'Sent again to PluginMember3', explanation: '…' },
  canNext: true,
  canBack: true,
};

describe('notes messages', () => {
  it('reads the lab state, the commands, hello and gone as they are', () => {
    expect(readNotesMessage(state)).toEqual(state);
    expect(readNotesMessage(JSON.parse(JSON.stringify({ ...state, part: null, question: null })))).toEqual({
      ...state,
      part: null,
      question: null,
    });
    expect(readNotesMessage({ kind: 'command', command: 'next' })).toEqual({
      kind: 'command',
      command: 'next',
    });
    expect(readNotesMessage({ kind: 'hello', extra: 1 })).toEqual({ kind: 'hello' });
    expect(readNotesMessage({ kind: 'gone' })).toEqual({ kind: 'gone' });
  });

  it('keeps only the fields it knows', () => {
    expect(readNotesMessage({ ...state, html: '<b>x</b>' })).toEqual(state);
  });

  it('sets aside what is not one of its shapes', () => {
    const bad: unknown[] = [
      null,
      'next',
      [],
      { kind: 'command', command: 'explode' },
      { kind: 'state' },
      { ...state, playing: 'yes' },
      { ...state, part: { ...state.part, at: 9 } },
      { ...state, part: { ...state.part, at: 0 } },
      { ...state, part: { ...state.part, at: 1.5 } },
      { ...state, following: { text: 3, source: '' } },
      { ...state, question: { prompt: 'p', answer: 'a' } },
      { ...state, title: 'x'.repeat(501) },
      { ...state, canBack: undefined },
      { kind: 'reload' },
    ];
    for (const m of bad) expect(readNotesMessage(m), JSON.stringify(m)).toBeNull();
  });

  it('accepts the ids the lab makes, and no markup', () => {
    expect(NOTES_ID.test('0f3a9c1b2d4e5f60718293a4')).toBe(true);
    expect(NOTES_ID.test('<b>x</b>')).toBe(false);
    expect(NOTES_ID.test('')).toBe(false);
  });
});
