// Lesson: WebSphere Portal on the cluster (DOMAIN.md §7). The global settings portlet names the node that
// serves the user; after a failover the session (the login) survives in the database, but portlets that
// do not support failover show "Portlet unavailable" until the user logs in again, and the Authoring
// portlet's edit in progress, kept in the dead JVM's memory and not in the session, is lost: the flow
// starts again at its first screen.

import { defaultConfig } from '../../model/config.ts';
import type { Intervention } from '../../simulation/world.ts';
import type { Lesson } from '../scenario.ts';
import { PORTAL_FAILOVER, RB51_SESSION_FAILOVER } from '../sources.ts';

const PATH = '/wps/myportal';

/** u1 opens the Portal page: the servlet only reads the session. */
const view = (at: number): Intervention => ({
  at,
  action: { kind: 'request', user: 'u1', method: 'GET', url: PATH, op: { kind: 'view' } },
});

/** u1 fills in the current screen of the Authoring portlet's three-screen edit with `edit`. */
const authoring = (at: number, edit: string): Intervention => ({
  at,
  action: {
    kind: 'request',
    user: 'u1',
    method: 'POST',
    url: PATH,
    bodyKB: 1,
    op: { kind: 'authoring', edit },
  },
});

/** u1 logs out and in again: the old session ends, a new one starts. */
const login = (at: number): Intervention => ({
  at,
  action: { kind: 'request', user: 'u1', method: 'GET', url: PATH, op: { kind: 'login' } },
});

export const portal: Lesson = {
  id: 'portal',
  title: 'WebSphere Portal after a failover: "Portlet unavailable" and a lost Authoring edit',
  summary:
    'u1 is logged in to the Portal on PluginMember1 and has filled in two of the Authoring portlet\'s three screens when PluginMember1 crashes. Another member reads the session from the database, so u1 is still logged in, but the portlets show "Portlet unavailable" and the Authoring edit is lost. After u1 logs out and in again, the Authoring portlet starts again at its first screen.',
  defaultSeed: 1,
  duration: 32_000,
  config: () => {
    const c = defaultConfig({ members: 3, processes: 1 });
    c.portal.enabled = true;
    return c;
  },
  sessions: [{ user: 'u1', sessionId: 'Hx3kP9vQm2LwT7rZ4nYc8Bd', member: 'PluginMember1' }],
  interventions: [
    view(1000),
    authoring(3000, 'title'),
    authoring(6000, 'body'),
    { at: 8000, action: { kind: 'crash', member: 'PluginMember1' } },
    view(10_000),
    view(13_000),
    login(16_000),
    authoring(19_000, 'publish'),
    authoring(22_000, 'title'),
    authoring(25_000, 'body'),
    authoring(28_000, 'publish'),
  ],
  beats: [
    {
      when: { type: 'browser.page', actor: 'browser:u1', data: { servedBy: 'PluginMember1' } },
      text: "u1's JSESSIONID carries PluginMember1's clone ID, so the plug-in sends the request there. The Portal's global settings portlet shows the node name of the server that handles u1's requests: PluginMember1 on was1node. Watch it: it shows where affinity sends u1.",
      source: PORTAL_FAILOVER,
    },
    {
      when: { type: 'browser.page', actor: 'browser:u1', data: { authoringScreen: 3 } },
      text: "u1 fills in the first two screens of the Authoring portlet's three-screen edit (title, then body) and is on screen 3. Where the edit stands is kept in PluginMember1's memory, not in the session: the session is not changed and nothing of the edit goes to the database.",
      source: PORTAL_FAILOVER,
    },
    {
      when: { type: 'member.crashed', actor: 'PluginMember1' },
      text: "PluginMember1's JVM is killed. Its cache goes with it, and so does everything its portlets kept in memory: the Authoring edit in progress and the state of the portlets that do not support failover.",
      source: PORTAL_FAILOVER,
    },
    {
      when: { type: 'session.readFromStore' },
      text: "u1's next request finds PluginMember1 gone: the plug-in marks it down and sends the request to another member. That member does not have the session in its cache: it reads it from the database once and caches it.",
      source: RB51_SESSION_FAILOVER,
    },
    {
      when: { type: 'browser.page', actor: 'browser:u1', data: { portletUnavailable: true } },
      text: 'The session survived, so the login did too: u1 gets the Portal page in the same session, with no login screen, and the global settings portlet now names another node. But the portlets that do not support failover kept their state in the JVM where u1 logged in: here they show "Portlet unavailable", and the user has to log out and in again to resume.',
      source: PORTAL_FAILOVER,
    },
    {
      when: { type: 'ledger.lost', data: { user: 'u1', attribute: 'authoring' } },
      text: "The lost-data ledger names what is gone: u1's Authoring edits, title and body. They were acknowledged screen by screen, but they were never in the session or another replicated area, so no copy is left. Data kept anywhere else is lost on a failover.",
      source: PORTAL_FAILOVER,
    },
    {
      when: { type: 'session.create' },
      text: 'Until u1 logs in again every page says "Portlet unavailable". Now u1 logs out and in: the logout invalidates the old session (its database row too), the login starts a new one on the member that serves u1 now, and the portlets keep their state in this JVM: they are available again.',
      source: PORTAL_FAILOVER,
    },
    {
      when: { type: 'portal.flowRestarted' },
      text: "u1 goes back to the Authoring form where it was left, screen 3, and sends publish. The Authoring portlet here knows nothing of that edit: where it stood lived in PluginMember1's memory. After a failover a multi-screen portlet flow restarts at its first screen, and what u1 sent is dropped.",
      source: PORTAL_FAILOVER,
    },
    {
      when: { type: 'portal.authoringSaved' },
      text: 'u1 fills in the three screens again (title, body, publish), all in this JVM, and the Authoring portlet saves the edit. The first two screens had to be entered twice because where the edit stood lived in one JVM, not in the session.',
      source: PORTAL_FAILOVER,
    },
  ],
};
