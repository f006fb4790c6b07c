// DOMAIN.md §2.1: the documented failover walk-through inside the plug-in, with the seed documents' names.

import { defaultConfig, defaultServer } from '../model/config.ts';
import type { Scenario } from './scenario.ts';
import { RB51_SESSION_FAILOVER } from './sources.ts';

// Its title and summary are the page's (catalog.ts tenStepsInfo, which a test keeps in step with these).
export const tenSteps: Scenario = {
  id: 'ten-steps',
  defaultSeed: 1,
  duration: 6000,
  config: () => {
    const c = defaultConfig({ members: 2, processes: 2 });
    c.plugin.cluster.servers = [
      defaultServer(0, {
        memberName: 'PluginMember1',
        nodeName: 'was1node',
        cloneId: 'v544d031',
        hostname: 'app1.example.com',
      }),
      defaultServer(1, {
        memberName: 'PluginMember2',
        nodeName: 'was2node',
        cloneId: 'v544d0o0',
        hostname: 'app2.example.com',
      }),
    ];
    c.plugin.uriGroups = [
      {
        name: 'default_host_PluginCluster_URIs',
        uris: [{ name: '/snoop', affinityCookie: 'JSESSIONID', affinityURLIdentifier: 'jsessionid' }],
      },
    ];
    c.sessionManager.writeFrequency = 'endOfServletService';
    return c;
  },
  sessions: [{ user: 'u1', sessionId: 'A2MB4IJozU_VM8IffsMNfdR', member: 'PluginMember1', counter: 3 }],
  interventions: [
    {
      at: 500,
      action: {
        kind: 'request',
        user: 'u1',
        method: 'GET',
        url: '/snoop',
        op: { kind: 'increment' },
        process: 2,
      },
    },
    { at: 2000, action: { kind: 'crash', member: 'PluginMember1' } },
    {
      at: 3000,
      action: {
        kind: 'request',
        user: 'u1',
        method: 'GET',
        url: '/snoop',
        op: { kind: 'increment' },
        process: 1,
      },
    },
    {
      at: 4500,
      action: {
        kind: 'request',
        user: 'u1',
        method: 'GET',
        url: '/snoop',
        op: { kind: 'increment' },
        process: 1,
      },
    },
  ],
  narration: [
    {
      when: { type: 'plugin.step', step: 1 },
      text: 'Every request reaches the web server, which offers it to the plug-in first.',
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'plugin.step', step: 3 },
      text: 'The clone ID at the end of JSESSIONID names the member that owns the session.',
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'plugin.markDown' },
      text: 'No stream: the plug-in marks the member down in this process only and starts its retry timer.',
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'plugin.step', step: 9 },
      text: 'Another member takes the session.',
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'session.readFromStore' },
      text: 'The replacement member reads the session from the database once, then caches it; the cache ID goes up.',
      source: RB51_SESSION_FAILOVER,
    },
  ],
};
