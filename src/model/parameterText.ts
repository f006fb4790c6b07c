// The lab's parameters in words: one line each in the product's words, for `--set help` and a
// configuration panel. Apart from the rules (parameters.ts), which every run checks, so the words are
// loaded only where they are read.

import { describeRange, parameters } from './parameters.ts';

/** Parameter path (as in the parameter table) → one line on what it does. */
export const parameterDescriptions: Readonly<Record<string, string>> = {
  version: 'WebSphere level; setting it also sets the defaults and plug-in switches of that level',
  'webServer.processes': 'IHS child processes, each with its own plug-in state (1 = Windows)',
  'plugin.virtualHostGroups': 'VirtualHostGroup elements of plugin-cfg.xml',
  'plugin.virtualHostGroups[].name': 'Name a Route refers to',
  'plugin.virtualHostGroups[].hosts': 'Host:port pairs whose requests the group takes (* matches any)',
  'plugin.uriGroups': 'UriGroup elements of plugin-cfg.xml',
  'plugin.uriGroups[].name': 'Name a Route refers to',
  'plugin.uriGroups[].uris': 'Uri elements of the group',
  'plugin.uriGroups[].uris[].name': 'Path the plug-in sends to the cluster; a trailing * matches the rest',
  'plugin.uriGroups[].uris[].affinityCookie':
    'Cookie in which the plug-in looks for the clone IDs (AffinityCookie)',
  'plugin.uriGroups[].uris[].affinityURLIdentifier':
    'URL path parameter in which the plug-in looks for the session ID when there is no cookie',
  'plugin.routes': 'Route elements: which virtual hosts and URIs go to which ServerCluster',
  'plugin.routes[].virtualHostGroup': 'VirtualHostGroup the route matches',
  'plugin.routes[].uriGroup': 'UriGroup the route matches',
  'plugin.routes[].serverCluster': 'ServerCluster the route sends requests to',
  'plugin.refreshInterval':
    'Seconds after a check of plugin-cfg.xml before a request makes the plug-in check it again (and read it if changed)',
  'plugin.cluster.name': 'ServerCluster name that routes refer to',
  'plugin.cluster.loadBalance': 'How requests without affinity are spread',
  'plugin.cluster.retryInterval': 'Seconds a marked-down member is skipped before the plug-in tries it again',
  'plugin.cluster.ignoreAffinityRequests':
    'Requests with affinity do not lower a member\u2019s weight (from the 6.1 plug-in on)',
  'plugin.cluster.postSizeLimit': 'Largest request body the plug-in accepts; -1 = no limit',
  'plugin.cluster.postBufferSize':
    'Request body the plug-in keeps so it can re-send it to another member; -1 = unlimited, 0 = none',
  'plugin.cluster.serverIOTimeoutRetry':
    'Cap on retries of a request whose ServerIOTimeout fired; -1 = none beyond the number of members, 0 = never',
  'plugin.cluster.getDWLMTable':
    'GetDWLMTable: the plug-in fetches the partition table for memory-to-memory hot failover (set with memory-to-memory persistence, as the generated plugin-cfg.xml has it)',
  'plugin.cluster.cloneSeparatorChange': 'Clone IDs in the session ID are separated by + instead of :',
  'plugin.cluster.servers': 'Server elements: the cluster members',
  'plugin.cluster.servers[].memberName': 'Cluster member name',
  'plugin.cluster.servers[].nodeName': 'Node the member runs on (the server is named node_member)',
  'plugin.cluster.servers[].cloneId': 'The member\u2019s own clone ID, its affinity token in session IDs',
  'plugin.cluster.servers[].configuredCloneId':
    'The CloneID plugin-cfg.xml holds for the member; affinity breaks when it differs',
  'plugin.cluster.servers[].loadBalanceWeight':
    'LoadBalanceWeight: requests without affinity the member takes per round (console 0–20, more by hand)',
  'plugin.cluster.servers[].connectTimeout':
    'Seconds the plug-in waits for a connect; 0 = blocking, null = unset (the OS gives up)',
  'plugin.cluster.servers[].serverIOTimeout':
    'Seconds the plug-in waits for a response; > 0 retry elsewhere, < 0 also mark down, 0 = blocking',
  'plugin.cluster.servers[].maxConnections':
    'Pending connections per web server process; -1 or 0 = unlimited',
  'plugin.cluster.servers[].role': 'Primary server, or backup used when no primary is left',
  'plugin.cluster.servers[].hostname': 'Host of the member\u2019s HTTP transport',
  'plugin.cluster.servers[].port': 'Port of the member\u2019s HTTP transport',
  'plugin.cluster.servers[].partitionId':
    'Partition ID the member owns with memory-to-memory peer-to-peer (WAS 6+)',
  'plugin.cluster.servers[].replicationMode':
    'The member\u2019s memory-to-memory mode when it differs from the domain\u2019s; null = the domain\u2019s',
  'plugin.cluster.servers[].listensTo':
    'WAS 5.x: replication groups the member listens to; null = all of them, empty = none',
  'plugin.cluster.servers[].extendedHandshake':
    'ExtendedHandshake: after connecting, check that the JVM answers, not just the host',
  'plugin.cluster.servers[].waitForContinue':
    'WaitForContinue: send Expect: 100-continue before a request body',
  'sessionManager.persistence':
    'Where sessions are kept beyond the member: nowhere, a database, or other members',
  'sessionManager.tuningLevel': 'Predefined tuning level; anything but custom overrides the write settings',
  'sessionManager.writeFrequency':
    'When a changed session is written: end of service, on sync(), or every write interval',
  'sessionManager.writeInterval': 'Seconds between time-based writes',
  'sessionManager.writeContents': 'Write only the updated attributes, or all of them',
  'sessionManager.scheduledCleanup': 'Purge expired sessions from the store only in the two cleanup hours',
  'sessionManager.cleanupHours': 'The two hours of the day in which scheduled cleanup runs',
  'sessionManager.multiRowSchema': 'One row per attribute in the SESSIONS table instead of one per session',
  'sessionManager.maxInMemorySessionCount': 'Sessions a member keeps in its cache',
  'sessionManager.allowOverflow': 'The cache may grow past its size (in-memory sessions only)',
  'sessionManager.sessionTimeout': 'Minutes without a request before a session is invalidated',
  'sessionManager.noAffinitySwitchBack':
    'After a failover the session stays on its new member when the old one returns',
  'sessionManager.enableCookies': 'Session IDs travel in a cookie',
  'sessionManager.enableUrlRewriting': 'Session IDs travel in rewritten URLs',
  'sessionManager.cookieName': 'Name of the session cookie',
  'memberRuntime.webContainerThreads': 'Requests a member serves at once',
  'memberRuntime.listenBacklog': 'Connections waiting for a thread before new ones are refused',
  'memberRuntime.serviceTime': 'Milliseconds a servlet takes to service one request',
  'memberRuntime.startupTime': 'Milliseconds from start to accepting requests',
  'memberRuntime.shutdownTime': 'Milliseconds a clean stop takes after the flush',
  'memberRuntime.invalidatorInterval': 'Seconds between runs of the session invalidator',
  'memoryToMemory.mode': 'Members send copies (client), keep them (server), or both',
  'memoryToMemory.replicas': 'How many other members keep a copy of each session',
  'memoryToMemory.replicationLag': 'Milliseconds between a change and its copy',
  'memoryToMemory.fetchTimeout': 'Milliseconds a member waits for others to answer for a session it lacks',
  'memoryToMemory.partitions': 'WAS 5.x: groups the replication domain is partitioned into',
  'haManager.heartbeatInterval': 'Seconds between HA manager heartbeats',
  'haManager.failureDetectionTimeout': 'Seconds without a heartbeat before a member is declared failed',
  'switches.spreadFailover':
    'PM12112: spread orphaned sessions over the members instead of sending them all to the next',
  'switches.tryWhenAllDown': 'PH46938: try a member even when every one is marked down',
  'switches.hasIgnoreAffinityRequests': 'The plug-in knows IgnoreAffinityRequests (6.1 on)',
  'network.browserLatency': 'One-way milliseconds between a browser and the web server',
  'network.memberLatency': 'One-way milliseconds between the web server and a cluster member',
  'network.databaseLatency': 'One-way milliseconds between a member and the database',
  'network.osConnectTimeout':
    'Milliseconds the OS waits for an unanswered connect when ConnectTimeout is unset',
  'database.writeTime': 'Milliseconds from the start of a session write to its commit',
  'database.readTime': 'Milliseconds a session read takes',
  'portal.enabled': 'WebSphere Portal runs on the cluster',
  'portal.redirectPostAfterFailover':
    'After a failover the Portal answers a POST with a redirect, so form data is lost',
  'portal.portletsSupportFailover': 'Portlets survive a failover; otherwise they show "Portlet unavailable"',
};

/** One line per parameter, `path  range  description`, for `trace --set help`. */
export function parameterHelp(): string[] {
  return parameters.map(
    (d) =>
      `${d.path}  ${describeRange(d)}${d.optional ? '; or null' : ''}  ${parameterDescriptions[d.path] ?? ''}`,
  );
}
