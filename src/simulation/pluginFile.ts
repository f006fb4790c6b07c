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

/** The object that holds the attribute `path` names in `file` (the cluster or one server), its key and value. */
function attributeAt(
  file: ClusterConfig,
  path: string,
): { holder: Record<string, unknown>; key: string; old: unknown; server: number | null } | null {
  const at = refreshedAttribute(path);
  const holder = at && (at.server === null ? file : file.servers[at.server]);
  if (!at || !holder) return null;
  const h = holder as unknown as Record<string, unknown>;
  return { holder: h, key: at.key, old: h[at.key], server: at.server };
}

/**
 * What is wrong with `text` as the value of the attribute `path` names in `file`, or null: a number where
 * the attribute holds one, `true` or `false` where a flag. (The ranges are the parameter table's, which
 * the command line and the panel apply before an edit comes in.)
 */
export function editProblem(file: ClusterConfig, path: string, text: string): string | null {
  const a = attributeAt(file, path);
  if (!a) return `no attribute ${path} a refresh takes up`;
  if (typeof a.old === 'boolean' && text !== 'true' && text !== 'false')
    return `${path}: "${text}" is not true or false`;
  if ((typeof a.old === 'number' || a.old === null) && text !== 'null' && !/^-?\d+$/.test(text))
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
    const a = attributeAt(cluster, path);
    if (!a) throw new Error(`${path} is not read from plugin-cfg.xml at a refresh`);
    const changed = { ...a.holder, [a.key]: typed(a.old, value) };
    if (a.server === null) cluster = changed as unknown as ClusterConfig;
    else {
      const servers = cluster.servers.slice();
      servers[a.server] = changed as unknown as ClusterConfig['servers'][number];
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
