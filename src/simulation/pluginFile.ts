// plugin-cfg.xml as a running lab has it: the configuration the run started with, with the ServerCluster
// the administrator's edits made of it. Each web server process reads it again at its next check
// (Config RefreshInterval, DOMAIN.md §1.1); until then it goes on with what it read before. An edit comes
// in checked (the command line and the configuration panel read it with the parameter table); here it is
// only written.

import {
  REFRESHED_CLUSTER_ATTRIBUTES,
  REFRESHED_SERVER_ATTRIBUTES,
  refreshedAttribute,
  type ClusterConfig,
  type LabConfig,
} from '../model/config.ts';

/** `config` with `cluster` as its ServerCluster (the same object when it already is). */
export const withCluster = (config: LabConfig, cluster: ClusterConfig): LabConfig =>
  config.plugin.cluster === cluster ? config : { ...config, plugin: { ...config.plugin, cluster } };

/** A value as text read as the attribute's kind: the kind of the value it has (a number, a flag, text). */
function typed(old: unknown, text: string): unknown {
  if (typeof old === 'boolean') return text === 'true';
  if (typeof old === 'number' || old === null) return text === 'null' ? null : Number(text);
  return text;
}

/**
 * What is wrong with `text` as the value of the attribute `path` names in `file`, or null: a number where
 * the attribute holds one, `true` or `false` where a flag. (The ranges are the parameter table's, which
 * the command line and the panel apply before an edit comes in.)
 */
export function editProblem(file: ClusterConfig, path: string, text: string): string | null {
  const at = refreshedAttribute(path);
  if (!at) return `no attribute ${path} a refresh takes up`;
  const holder = at.server === null ? file : file.servers[at.server];
  if (!holder) return `no attribute ${path} a refresh takes up`;
  const old = (holder as unknown as Record<string, unknown>)[at.key];
  if (typeof old === 'boolean' && text !== 'true' && text !== 'false')
    return `${path}: "${text}" is not true or false`;
  if ((typeof old === 'number' || old === null) && text !== 'null' && !/^-?\d+$/.test(text))
    return `${path}: "${text}" is not a whole number`;
  return null;
}

/** The ServerCluster after an edit of `set` (paths as `--set` takes them, values as text) to `file`. */
export function editedCluster(
  file: ClusterConfig,
  set: readonly { path: string; value: string }[],
): ClusterConfig {
  let cluster = file;
  for (const { path, value } of set) {
    const at = refreshedAttribute(path);
    if (!at) throw new Error(`${path} is not read from plugin-cfg.xml at a refresh`);
    if (at.server === null) {
      const old = (cluster as unknown as Record<string, unknown>)[at.key];
      cluster = { ...cluster, [at.key]: typed(old, value) };
    } else {
      const server = cluster.servers[at.server];
      if (!server) throw new Error(`${path}: no server ${at.server}`);
      const old = (server as unknown as Record<string, unknown>)[at.key];
      const servers = cluster.servers.slice();
      servers[at.server] = { ...server, [at.key]: typed(old, value) };
      cluster = { ...cluster, servers };
    }
  }
  return cluster;
}

/** What a process finds changed when it reads `after` where it had read `before`: `path=value` each. */
export function clusterChanges(before: ClusterConfig, after: ClusterConfig): string[] {
  const out: string[] = [];
  for (const key of REFRESHED_CLUSTER_ATTRIBUTES)
    if (before[key] !== after[key]) out.push(`plugin.cluster.${key}=${String(after[key])}`);
  after.servers.forEach((s, i) => {
    for (const key of REFRESHED_SERVER_ATTRIBUTES)
      if (before.servers[i]?.[key] !== s[key])
        out.push(`plugin.cluster.servers[${i}].${key}=${String(s[key])}`);
  });
  return out;
}
