// Lesson: a POST inside a member that dies (DOMAIN.md §2.6, §7): a body that fits PostBufferSize is kept
// by the plug-in and re-sent to another member; a larger one cannot be re-sent, the user gets 500 and must
// send the form again. The Portal documentation tells it differently (a redirect turns the POST into a GET):
// the last beat says which account the run follows and how the lab shows the other.

import { defaultConfig } from '../../model/config.ts';
import type { Intervention } from '../../simulation/world.ts';
import type { Lesson } from '../scenario.ts';
import {
  PLUGINS_90,
  PORTAL_FAILOVER,
  RB51_KILLING,
  RB51_SESSION_FAILOVER,
  TECHNOTE_IO_TIMEOUT,
} from '../sources.ts';

/** `user` posts a form of `bodyKB` to /shop/cart that adds a lamp to the cart. */
function post(at: number, user: string, bodyKB: number): Intervention {
  return {
    at,
    action: {
      kind: 'request',
      user,
      method: 'POST',
      url: '/shop/cart',
      bodyKB,
      op: { kind: 'addToCart', item: 'lamp' },
    },
  };
}

export const postFailover: Lesson = {
  id: 'post-failover',
  title: 'A POST inside a member that dies: re-sent, or lost',
  summary:
    "u1's session lives in PluginMember1, u2's in PluginMember2; each servlet call takes two seconds. PluginMember1 is killed while u1's 10 KB form is inside: the body fits PostBufferSize, so the plug-in sends it again to another member and u1 never notices. PluginMember2 is killed while u2's 200 KB form is inside: the plug-in no longer has the body, u2 gets 500 and must send the form again.",
  defaultSeed: 1,
  duration: 16_000,
  config: () => {
    const c = defaultConfig({ members: 3, processes: 1 });
    // A slow servlet, so that each crash lands while the POST is inside the member.
    c.memberRuntime.serviceTime = 2000;
    return c;
  },
  sessions: [
    { user: 'u1', sessionId: 'P0stBuf64kReSentU1sessn', member: 'PluginMember1', counter: 2 },
    { user: 'u2', sessionId: 'P0stTooBigLostU2session', member: 'PluginMember2', counter: 5 },
  ],
  interventions: [
    post(1000, 'u1', 10),
    { at: 2000, action: { kind: 'crash', member: 'PluginMember1' } },
    post(6000, 'u2', 200),
    { at: 7000, action: { kind: 'crash', member: 'PluginMember2' } },
    { at: 10_000, action: { kind: 'resubmit', user: 'u2' } },
  ],
  beats: [
    {
      when: { type: 'session.access', actor: 'PluginMember1' },
      text: 'u1 posts a form with a 10 KB body; it goes to PluginMember1 by affinity and the servlet starts on it. The body is smaller than PostBufferSize (64 KB by default), so the plug-in keeps a copy of it while it waits for the response.',
      source: PLUGINS_90,
    },
    {
      when: { type: 'member.crashed', actor: 'PluginMember1' },
      text: "PluginMember1's JVM is killed while u1's POST is still inside: the servlet never finishes, and u1 has no answer yet.",
      source: RB51_KILLING,
      ask: 'postResent',
    },
    {
      when: { type: 'plugin.markDown', data: { member: 'PluginMember1' } },
      text: "The plug-in's connection to PluginMember1 is reset while it waits for the response. It marks PluginMember1 down, starts its retry timer (60 s), and looks for another member for the same request.",
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'browser.page', actor: 'browser:u1' },
      text: "The plug-in sends the POST again, with the body it kept, to another member, which reads u1's session from the database and adds the lamp. u1 gets a normal page, lamp in the cart. The run follows IBM's plug-in documentation; the WebSphere 5.1 Redbook warns that a request killed in the member is not always re-sent, and a re-sent one runs twice.",
      source: PLUGINS_90,
    },
    {
      when: { type: 'session.access', actor: 'PluginMember2', data: { request: 'u2.1' } },
      text: 'Now u2 posts a form with a 200 KB body to PluginMember2. That is more than PostBufferSize: the plug-in passes the body on to the member but cannot keep a copy of it.',
      source: PLUGINS_90,
    },
    {
      when: { type: 'member.crashed', actor: 'PluginMember2' },
      text: "PluginMember2's JVM is killed while u2's POST is inside. PluginMember3 is still running, so the cluster could take the request.",
      source: RB51_KILLING,
      ask: 'postResent',
    },
    {
      when: { type: 'plugin.error', data: { status: 500 } },
      text: 'The plug-in marks PluginMember2 down too, but it has nothing to send to PluginMember3: the body was larger than the buffer. It answers 500 Internal Server Error, and the form u2 filled in is lost. PostBufferSize=-1 (unlimited) would have kept it; 0 would have lost even the small one.',
      source: TECHNOTE_IO_TIMEOUT,
    },
    {
      when: { type: 'browser.page', actor: 'browser:u2', data: { status: 200 } },
      text: "u2 fills in the form and sends it again; it reaches PluginMember3, which reads u2's session from the database. The WebSphere Portal documentation tells the POST story differently: after a failover the request is redirected, the browser turns the POST into a GET, and the form must be filled in again, even a small one. The plug-in itself sends no redirect, so this run follows IBM's plug-in documentation; turn on portal.enabled and portal.redirectPostAfterFailover to see the Portal's account.",
      source: PORTAL_FAILOVER,
    },
  ],
};
