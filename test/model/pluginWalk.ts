// A plug-in walk's context at a chosen point, for the tests of the walk's rules and words.
import { defaultConfig, type ClusterConfig } from '../../src/model/config.ts';
import type { HttpRequest } from '../../src/model/http.ts';
import { startingContext, type PluginRequestContext } from '../../src/model/pluginRequestContext.ts';
import { initialServerTable, type ServerState, type ServerTable } from '../../src/model/routing.ts';

/** A GET with no session to the default route, changed by `request`. */
export function request(request: Partial<HttpRequest> = {}): HttpRequest {
  return {
    id: 'r1',
    user: 'u1',
    method: 'GET',
    host: 'www.example.com',
    port: 80,
    url: '/shop/cart',
    cookies: {},
    bodyKB: 0,
    op: { kind: 'view' },
    ...request,
  };
}

/** A three-member cluster (PluginMember1–3) as the default lab configures it, changed by `change`. */
export function cluster(change: (c: ClusterConfig) => void = () => {}): ClusterConfig {
  const c = defaultConfig({ members: 3 }).plugin.cluster;
  change(c);
  return c;
}

/** `table` with `member`'s state changed. */
export function withServer(table: ServerTable, member: string, change: Partial<ServerState>): ServerTable {
  return { ...table, servers: { ...table.servers, [member]: { ...table.servers[member]!, ...change } } };
}

/**
 * A walk of process ihs#1 at 10 s into the run that has matched the default route of `c`, with `over`
 * for what the walk has found or tried so far.
 */
export function walk(
  over: Partial<PluginRequestContext> = {},
  c: ClusterConfig = cluster(),
): PluginRequestContext {
  const config = defaultConfig({ members: 3 });
  config.plugin.cluster = c;
  const start = startingContext({
    walkId: 'ihs#1.w7',
    process: 'ihs#1',
    request: request(),
    plugin: config.plugin,
    switches: config.switches,
    osConnectTimeout: 75000,
    now: 10000,
    table: initialServerTable(c, 0),
    random: 0.5,
  });
  return { ...start, cluster: c, uri: config.plugin.uriGroups[0]!.uris[0]!, ...over };
}
