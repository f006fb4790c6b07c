// The type scale: every text of the page takes one of theme.css's named sizes; the drawings (the topology,
// the sequence diagram, a statechart) size their text in their own units, in pixels.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : /\.(svelte|css)$/.test(d.name) ? [join(dir, d.name)] : [],
  );
const DRAWINGS = [
  'src/view/Topology.svelte',
  'src/view/SequenceDiagram.svelte',
  'src/ui/inspectors/StatechartView.svelte',
];

describe('the type scale', () => {
  const sizes = files('src').flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/font-size:\s*([^;]+);/g)].map((m) => ({ f, size: m[1]!.trim() })),
  );

  it('names each size of the page (theme.css), and the drawings alone use pixels', () => {
    expect(sizes.length).toBeGreaterThan(40);
    const scale = readFileSync('src/app/theme.css', 'utf8');
    const steps = [...scale.matchAll(/--text-(\w+):\s*[\d.]+rem/g)].map((m) => `var(--text-${m[1]})`);
    expect(steps).toHaveLength(6);
    for (const { f, size } of sizes) {
      if (DRAWINGS.includes(f)) expect(`${f}: ${size}`).toMatch(/: (\d+px|var\(--text-\w+\))$/);
      else
        expect(`${f}: ${size}`).toMatch(
          new RegExp(`: (${steps.map((s) => s.replace(/[()]/g, '\\$&')).join('|')})$`),
        );
    }
  });
});
