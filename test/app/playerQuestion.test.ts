// A question asked of the page's simulation: worked out on a copy of the run at the instant asked, so that
// a long, busy run is asked about as an early one is, and what the run does meanwhile does not change it.
import { describe, expect, it } from 'vitest';
import { Player, type PlayerReply } from '../../src/app/player.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { sandboxScenario } from '../../src/scenarios/sandbox.ts';
import { askQuestion, type Question } from '../../src/simulation/questions.ts';

const size = { members: 4, processes: 2, users: 150 };

function player() {
  const replies: PlayerReply[] = [];
  const p = new Player((r) => replies.push(r), { request: () => 0, cancel: () => {} });
  return { p, replies };
}

const answer = async (replies: PlayerReply[], id: number): Promise<PlayerReply & { answers: 'question' }> => {
  for (let i = 0; i < 200; i++) {
    const r = replies.find((x) => 'answers' in x && x.answers === 'question' && x.id === id);
    if (r) return r as PlayerReply & { answers: 'question' };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no answer to question ${id}`);
};

describe('a question asked of the page', () => {
  it('is answered late in a run of over 100,000 events, as the run from its start answers it', async () => {
    const { p, replies } = player();
    p.handle({ kind: 'open', options: { sandbox: size, seed: 5 } });
    p.handle({ kind: 'seek', t: 600_000 });
    expect(p.session.world.stepCount).toBeGreaterThan(100_000);
    p.handle({ kind: 'question', id: 1, question: 'lostIfCrash' });
    // An action made before the answer comes is not part of the run asked about.
    p.handle({ kind: 'act', action: { kind: 'crash', member: 'PluginMember1' } });
    const reply = await answer(replies, 1);
    const expected = askQuestion(runSpecOf(sandboxScenario(size), 5), 600_000, 'lostIfCrash');
    expect((reply as { question: Question | null }).question).toEqual(expected);
    expect(expected).not.toBeNull();
  }, 60_000);
});
