// The run written out for documents: Mermaid and Markdown that those tools read as meant, whatever the
// trace's text holds.
import { describe, expect, it } from 'vitest';
import { markdownCell, markdownOf, mermaidOf, mermaidText } from '../../src/io/exports.ts';
import { traceCommand } from '../../src/cli/traceCommand.ts';
import { run, lab, get, entries } from '../helpers.ts';
import { parseAction } from '../../src/simulation/actionWords.ts';

/** Text Mermaid reads as text: no `;` or `#` but in an entity code (`#59;`). */
const TEXT = String.raw`(?:[^;#\n]|#\d+;)*`;
/** Every statement of a Mermaid sequence diagram this module writes, by its form. */
const STATEMENT = new RegExp(
  String.raw`^ {4}(title [^#;\n]+|participant P\d+ as ${TEXT}|P\d+(->>|-x)P\d+: ${TEXT}|Note over P\d+: ${TEXT}|%% .*)$`,
);

describe('the Mermaid sequence diagram', () => {
  it('writes the characters Mermaid reads itself as its entity codes', () => {
    expect(mermaidText('a;b #c: <d> %% e')).toBe('a#59;b #35;c#58; #60;d#62; #37;#37; e');
    expect(mermaidText('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(mermaidText('two\nlines')).toBe('two lines');
  });

  it('has one participant per part, an arrow per message (a cross where one was lost), notes for the marks', () => {
    const w = run(
      {
        config: lab(),
        interventions: [
          get('u1', 100),
          { at: 1000, action: parseAction(['partition', 'ihs#1', 'PluginMember2'], { defaultPath: '/' }) },
          get('u1', 2000),
        ],
      },
      10_000,
    );
    const text = mermaidOf(w.visibleTrace(), 'A partition; #1');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('sequenceDiagram');
    expect(lines[1]).toBe('    title A partition 1');
    for (const line of lines.slice(1)) expect(line).toMatch(STATEMENT);
    const participants = lines.filter((l) => l.includes('participant')).map((l) => l.split(' as ')[1]);
    expect(participants.slice(0, 2)).toEqual(['browser#58;u1', 'web server']);
    expect(participants).toContain('PluginMember2');
    // The request the partition lost ends in a cross.
    const sends = entries(w, 'http.request').filter((e) => e.text.endsWith('(dropped: network partition)'));
    expect(sends.length).toBeGreaterThan(0);
    expect(lines.some((l) => /P\d+-xP\d+: .* http\.request /.test(l))).toBe(true);
    // The plug-in's steps at one instant share a note.
    expect(lines).toContain('    Note over P3: 2.020s steps 1 2 3 4 5 6 10');
  });

  it('keeps the latest 300 messages of a long run and says so', () => {
    const r = traceCommand([
      '--scenario',
      'sandbox',
      '--members',
      '3',
      '--users',
      '20',
      '--until',
      '30',
      '--format',
      'mermaid',
    ]);
    expect(r.code).toBe(0);
    const arrows = r.stdout.split('\n').filter((l) => /^ {4}P\d+(->>|-x)P\d+/.test(l));
    expect(arrows).toHaveLength(300);
    expect(r.stdout).toMatch(/%% the latest 300 of \d+ messages/);
  });
});

describe('the Markdown transcript', () => {
  it('tells the run, its narration, and every entry as a row of its log, markup escaped', () => {
    const w = run({ config: lab(), interventions: [get('u1', 100)] }, 2000);
    const log = w.visibleTrace();
    const md = markdownOf(
      {
        title: 'A <b>run</b>',
        about: ['Run: `sandbox`, seed 1'],
        narration: [{ t: 100, text: 'u1 asks | for the *cart*', source: 'A Redbook' }],
        left: { t: 500, action: 'crash PluginMember1' },
      },
      log,
    );
    expect(md.startsWith('# A \\<b\\>run\\</b\\>\n\n- Run: `sandbox`, seed 1\n\n## Narration\n\n')).toBe(
      true,
    );
    expect(md).toContain('- **0.100s** u1 asks \\| for the \\*cart\\* _(A Redbook)_');
    expect(md).toContain("The run left the lesson's script here (crash PluginMember1)");
    const rows = md.split('\n').filter((l) => /^\| \d+\.\d{3}s \|/.test(l));
    expect(rows).toHaveLength(log.length);
    // Four cells each: no pipe of the text's own splits a row.
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
    expect(markdownCell('a_b [c](d)')).toBe('a\\_b \\[c\\](d)');
  });

  it('is written by the command line for a lesson, with the parts the run reached', () => {
    const r = traceCommand(['--scenario', 'ten-steps', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# The ten steps of a failover inside the plug-in\n/);
    expect(r.stdout).toContain('## Narration');
    expect(r.stdout).toContain('**3.022s** Step 6.');
    expect(r.stdout).toContain('| Time | Actor | Event | What happened |');
  });
});
