// The lesson panel on views of a real lesson run: the beat reached and its source in a polite live region
// that stays in the page, Back and Continue asking for the right beats, Try it yourself, and a run that
// has left the script told as such, with what its trace shows.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { recoveryWindow } from '../../src/scenarios/lessons/recoveryWindow.ts';
import { narrate, viewAt } from '../../src/scenarios/narration.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { World } from '../../src/simulation/world.ts';
import LessonPanel from '../../src/ui/LessonPanel.svelte';

const lesson = recoveryWindow;
const world = new World(runSpecOf(lesson));
world.runUntil(lesson.duration);
const trace = world.visibleTrace();
const { reached } = narrate(lesson.beats, trace, lesson.interventions);

/** The view with the cursor just after the entry that reached beat `i` (plus `after` entries). */
const onBeat = (i: number, after = 0) => viewAt(lesson, trace, reached[i]!.seq + 1 + after, null);

function panel(view = onBeat(0)) {
  const calls = { beat: vi.fn(), tryIt: vi.fn(), back: vi.fn() };
  const r = render(LessonPanel, { view, onbeat: calls.beat, ontry: calls.tryIt, onback: calls.back });
  return { ...r, calls, region: r.container.querySelector('[aria-live="polite"]')! };
}

describe('LessonPanel', () => {
  it('marks the members and processes the narration names as the pictures do, the text unchanged', () => {
    const members = world.config.plugin.cluster.servers.map((s) => s.memberName);
    const i = lesson.beats.findIndex((b) => members.some((m) => b.text.includes(m)));
    expect(i).toBeGreaterThanOrEqual(0);
    const calls = { beat: vi.fn(), tryIt: vi.fn(), back: vi.fn() };
    const r = render(LessonPanel, {
      view: onBeat(i),
      members,
      onbeat: calls.beat,
      ontry: calls.tryIt,
      onback: calls.back,
    });
    const beat = r.container.querySelector('.beat')!;
    expect(beat.textContent).toContain(lesson.beats[i]!.text);
    const named = [...beat.querySelectorAll('.named.member')];
    expect(named.length).toBeGreaterThan(0);
    for (const n of named) expect(n.classList.contains(`id-${members.indexOf(n.textContent!)}`)).toBe(true);
  });

  it('shows the beat reached, with its source, in a polite live region that stays in the page', async () => {
    const start = viewAt(lesson, trace, 0, null);
    expect(start.at).toBe(-1);
    const { region, rerender } = panel(start);
    expect(region.textContent).toContain('Press Continue');
    expect(screen.getByRole('button', { name: 'Back' })).toHaveProperty('disabled', true);
    await rerender({ view: onBeat(2) });
    expect(document.querySelector('[aria-live="polite"]')).toBe(region);
    expect(region.textContent).toContain(lesson.beats[2]!.text);
    expect(region.textContent).toContain(`(${lesson.beats[2]!.source})`);
    expect(screen.getByRole('heading').textContent).toContain(`part 3 of ${lesson.beats.length}`);
  });

  it('Continue asks for the next beat; Back for the one before when on a beat, else for the beat reached', async () => {
    const { calls, rerender } = panel(onBeat(2));
    await fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(calls.beat).toHaveBeenLastCalledWith(3);
    await fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(calls.beat).toHaveBeenLastCalledWith(1);
    // Played on past beat 3 (not yet at beat 4): Back returns to beat 3 itself.
    const between = onBeat(2, 1);
    expect([between.at, between.onBeat]).toEqual([2, false]);
    await rerender({ view: between });
    await fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(calls.beat).toHaveBeenLastCalledWith(2);
  });

  it('has no Continue past the last beat, and says the simulation goes on', () => {
    const { region } = panel(onBeat(lesson.beats.length - 1));
    expect(screen.getByRole('button', { name: 'Continue' })).toHaveProperty('disabled', true);
    expect(region.textContent).toContain("That was the lesson's last part");
  });

  it('Try it yourself asks for it; trying, the panel offers only the way back to the lesson', async () => {
    const { calls, rerender, region } = panel(onBeat(3));
    await fireEvent.click(screen.getByRole('button', { name: 'Try it yourself' }));
    expect(calls.tryIt).toHaveBeenCalledOnce();
    await rerender({ view: { ...onBeat(3), trying: { from: 3, t: reached[3]!.t } } });
    expect(region.textContent).toContain('Trying it yourself from part 4');
    expect(screen.queryByRole('button', { name: 'Continue' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Back to the lesson' }));
    expect(calls.back).toHaveBeenCalledOnce();
  });

  it('after the trainee acts where the script did not, says the run has left it and tells the trace since', () => {
    const at = reached[4]!.t + 1000;
    const w = new World({
      ...runSpecOf(lesson),
      interventions: [...lesson.interventions, { at, action: { kind: 'crash', member: 'PluginMember2' } }],
    });
    w.runUntil(lesson.duration);
    const view = viewAt(lesson, w.trace, w.visibleCount, null);
    expect(view.left).toEqual({ t: at, action: 'crash PluginMember2' });
    expect(view.at).toBe(4); // beats after leaving the script are not claimed
    expect(view.since.length).toBeGreaterThan(0);
    const { region } = panel(view);
    expect(region.textContent).toContain("The run has left the lesson's script at");
    expect(region.textContent).toContain('crash PluginMember2');
    expect(region.textContent).toContain(view.since.at(-1)!.text);
    expect(region.textContent).not.toContain(lesson.beats[4]!.text);
    expect(screen.getByRole('button', { name: 'Back to the lesson' })).toBeTruthy();
  });

  it('lists the lesson’s sources, each once', () => {
    panel();
    const items = screen.getAllByRole('listitem', { hidden: true }).map((li) => li.textContent);
    expect(items).toEqual([...new Set(lesson.beats.map((b) => b.source))]);
    expect(items.length).toBeGreaterThan(2);
  });
});
