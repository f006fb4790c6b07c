// DOMAIN.md §2.1: the documented failover walk-through inside the plug-in, with the seed documents' names.

import { defaultConfig, defaultServer } from '../model/config.ts';
import type { Scenario } from './scenario.ts';

// Its title and summary are the page's (catalog.ts tenStepsInfo, which a test keeps in step with these);
// its beats come with the lessons (lessons/tenStepsBeats.ts), which the lab loads after its first answer.
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
};
