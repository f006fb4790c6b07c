// Lesson: affinity-breaking window 1 (DOMAIN.md §6.1, §6.3, §2.5). Three web server processes each keep
// their own down-marks and retry timers. After PluginMember1 crashes and restarts, only ihs#1 (the one that
// saw the failure) still counts it as down: two concurrent requests of one page, one through ihs#1 and one
// through ihs#2, land on two members, and the monitor sees the session in two JVMs at once. The window
// lasts until ihs#1's retry interval is over; a shorter RetryInterval narrows it.

import { defaultConfig } from '../../model/config.ts';
import type { Intervention } from '../../simulation/world.ts';
import type { Lesson } from '../scenario.ts';
import {
  BALANCING_WORKLOADS,
  RB51_FAILOVER,
  RB51_RETRY_INTERVAL,
  RB51_SESSION_FAILOVER,
  RB61_AFFINITY_FAILOVER,
} from '../sources.ts';

/** u1 asks for the shop's cart (the servlet sets the counter one higher) through web server process `process`. */
function getThrough(at: number, process: number): Intervention {
  return {
    at,
    action: {
      kind: 'request',
      user: 'u1',
      method: 'GET',
      url: '/shop/cart',
      op: { kind: 'increment' },
      process,
    },
  };
}

export const recoveryWindow: Lesson = {
  id: 'recovery-window',
  title: 'Recovery with three web server processes: one session in two members',
  summary:
    "PluginMember1, which owns u1's session, crashes; only web server process ihs#1 tries it, marks it down and fails over. When PluginMember1 is running again, two requests of one page go through ihs#1 (still inside its retry interval) and ihs#2 (which never saw the failure): they land on two members, and the monitor sees the session active in two JVMs at once. The window closes when ihs#1's retry interval is over.",
  defaultSeed: 1,
  duration: 80_000,
  config: () => {
    const c = defaultConfig({ members: 3, processes: 3 });
    // Long enough for the two requests of one page to be in service at the same time.
    c.memberRuntime.serviceTime = 500;
    return c;
  },
  sessions: [{ user: 'u1', sessionId: 'Q7vLk2PxW9mZt4RbN8cYs1D', member: 'PluginMember1', counter: 3 }],
  interventions: [
    getThrough(1000, 1),
    { at: 12_000, action: { kind: 'crash', member: 'PluginMember1' } },
    getThrough(13_000, 1),
    { at: 14_000, action: { kind: 'start', member: 'PluginMember1' } },
    // One page, two requests at the same moment (a frameset, or a page and its AJAX call).
    getThrough(40_000, 1),
    getThrough(40_000, 2),
    getThrough(75_000, 1),
  ],
  beats: [
    {
      when: { type: 'session.access', actor: 'PluginMember1' },
      text: "u1's JSESSIONID ends with PluginMember1's clone ID, so the plug-in sends the request there by affinity. This IBM HTTP Server runs three child processes, ihs#1 to ihs#3, and each one holds its own plug-in state: weights, which members are marked down, and a retry timer for each of them. This request went through ihs#1.",
      source: BALANCING_WORKLOADS,
    },
    {
      when: { type: 'member.crashed', actor: 'PluginMember1' },
      text: "PluginMember1's JVM is killed. The time-based write at 10 s had already stored u1's session in the database. No web server process knows yet: the plug-in has no health check, it only learns that a member is gone when a request to it fails.",
      source: RB51_FAILOVER,
    },
    {
      when: { type: 'plugin.markDown', actor: 'ihs#1', data: { member: 'PluginMember1' } },
      text: "u1's next request comes through ihs#1. Its kept-alive connection is reset and a new one is refused, so ihs#1 marks PluginMember1 down and starts a 60-second retry timer (RetryInterval, the default). Only ihs#1: ihs#2 and ihs#3 sent nothing to PluginMember1 and still count it as up.",
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'session.readFromStore' },
      text: "ihs#1 fails over to another member, which reads u1's session from the database once, caches it (cache ID 0001) and appends its own clone ID: the cookie now lists PluginMember1's clone ID first, then the new member's.",
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'member.running', actor: 'PluginMember1' },
      text: 'PluginMember1 is running again. ihs#1 will skip it until its retry interval is over, 60 s after its failed attempt; ihs#2 and ihs#3 never marked it down and send it requests right away. Until then the processes disagree about the same member: that is the recovery window.',
      source: RB61_AFFINITY_FAILOVER,
    },
    {
      when: { type: 'session.access', actor: 'PluginMember1', data: { source: 'store' } },
      text: "u1's page makes two requests at the same moment, and the web server hands one to ihs#1 and one to ihs#2. ihs#1 skips PluginMember1 (still marked down) and follows the second clone ID to the failover member, which serves from its cache. ihs#2 takes the first clone ID, PluginMember1 answers, and it reads the session from the database.",
      source: RB61_AFFINITY_FAILOVER,
    },
    {
      when: { type: 'monitor.sessionInTwoJvms' },
      text: "The monitor reports u1's session active in two JVMs at the same moment. Each member works on its own copy: both pages show the same counter although u1 made two updates, and whichever member writes last decides what the database keeps.",
      source: RB61_AFFINITY_FAILOVER,
    },
    {
      when: { type: 'plugin.markUp', actor: 'ihs#1', data: { member: 'PluginMember1' } },
      text: "ihs#1's retry interval is over: its next request for u1 goes to PluginMember1 again, which answers, and ihs#1 clears the mark. Every process agrees again. The window lasted from the restart to the end of ihs#1's retry interval: a shorter RetryInterval narrows it, but a dead member is then tried again more often by every process.",
      source: RB51_RETRY_INTERVAL,
    },
  ],
};
