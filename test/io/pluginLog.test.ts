import { describe, expect, it } from 'vitest';
import { pluginLogLines } from '../../src/io/pluginLog.ts';
import { runSpecOf } from '../../src/scenarios/scenario.ts';
import { tenSteps } from '../../src/scenarios/tenSteps.ts';
import { World } from '../../src/simulation/world.ts';

describe('plug-in log rendering', () => {
  it('renders the ten-steps failure in the plug-in log vocabulary, with time, process and thread', () => {
    const w = new World(runSpecOf(tenSteps));
    w.runUntil(tenSteps.duration);
    const lines = pluginLogLines(w.visibleTrace());
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(
      /^\[Mon Jan 05 09:00:03 2026\] 00002f01 [0-9a-f]{8} - ERROR: ws_common: websphereGetStream: Failed to connect to app server on host 'app1\.example\.com', OS err=10061$/,
    );
    expect(
      lines.map((l) =>
        l
          .replace(/^\[[^\]]+\] \w+ \w+ - /, '')
          .split(':')
          .slice(0, 3)
          .join(':'),
      ),
    ).toEqual([
      'ERROR: ws_common: websphereGetStream',
      'ERROR: ws_common: websphereExecute',
      'ERROR: ws_server: serverSetFailoverStatus',
      'STATS: ws_server: serverSetFailoverStatus',
      'ERROR: ws_common: websphereHandleRequest',
    ]);
    // One request: one thread ID throughout.
    expect(new Set(lines.map((l) => l.split(' ')[6])).size).toBe(1);
    expect(pluginLogLines(w.visibleTrace(), { process: 'ihs#2' })).toEqual([]);
  });
});
