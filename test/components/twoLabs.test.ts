// Two labs on one docs page: no element id of one may be the other's, and every label points into its own.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import './resizeObserver.ts';
import Lower from '../../src/app/Lower.svelte';
import { tenStepsLesson } from '../../src/scenarios/lessons/index.ts';
import { viewAt } from '../../src/scenarios/narration.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { project } from '../../src/simulation/frame.ts';
import { World } from '../../src/simulation/world.ts';
import ActionsPanel from '../../src/ui/ActionsPanel.svelte';
import HelpDialog from '../../src/ui/HelpDialog.svelte';
import LessonPanel from '../../src/ui/LessonPanel.svelte';
import WalkPanel from '../../src/ui/WalkPanel.svelte';
import Topology from '../../src/view/Topology.svelte';

function twice(): void {
  const w = new World(runSpecOf(tenSteps));
  w.runUntil(3500);
  const frame = project(w);
  const recent = w.visibleTrace();
  const lessonView = viewAt(tenStepsLesson, w.trace, w.visibleCount, null);
  for (let i = 0; i < 2; i++) {
    render(Topology, { frame, selected: null, onselect: () => {} });
    render(WalkPanel, { steps: [], current: undefined });
    render(LessonPanel, { view: lessonView, onbeat: () => {}, ontry: () => {}, onback: () => {} });
    render(ActionsPanel, { frame, user: 'u1', requestUrl: '/snoop', hasDatabase: true, onact: () => {} });
    render(HelpDialog, { open: false, onclose: () => {} });
    render(Lower, {
      recent,
      current: recent.at(-1),
      frame,
      lanes: ['browser:u1', 'ihs#1', 'ihs#2', 'PluginMember1', 'PluginMember2'],
      selected: null,
      onselect: () => {},
      onjump: () => {},
      reducedMotion: true,
      user: 'u1',
      config: w.config,
      charts: {},
      onchart: () => {},
    });
  }
}

describe('two labs on one page', () => {
  it('share no element id, and each label and control points into its own lab', () => {
    twice();
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    expect(ids.length).toBeGreaterThan(10);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const dangling: string[] = [];
    for (const attr of ['aria-labelledby', 'aria-controls']) {
      for (const el of document.querySelectorAll(`[${attr}]`)) {
        for (const id of el.getAttribute(attr)!.split(' '))
          if (!document.getElementById(id)) dangling.push(`${attr}="${id}" on <${el.tagName.toLowerCase()}>`);
      }
    }
    expect(dangling).toEqual([]);
  });

  it('moves focus between the log tabs of the lab whose tab had it', async () => {
    twice();
    const tabs = screen.getAllByRole('tab', { name: 'Event log' });
    expect(tabs).toHaveLength(2);
    tabs[1]!.focus();
    await fireEvent.keyDown(tabs[1]!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(screen.getAllByRole('tab', { name: 'Plug-in log' })[1]);
  });
});
