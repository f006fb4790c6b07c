// plugin-cfg.xml as a running lab has it: the configuration the run started with, with the ServerCluster
// the administrator's edits made of it. Each web server process reads it again at its next check
// (Config RefreshInterval, DOMAIN.md §1.1); until then it goes on with what it read before.

import { ConfigError, type ClusterConfig, type LabConfig } from '../model/config.ts';
import { refreshedChanges } from '../model/parameters.ts';
import { setParameter } from '../model/parameterPaths.ts';
import { RunSpecError } from './runSpec.ts';

/** `config` with `cluster` as its ServerCluster (the same object when it already is). */
export const withCluster = (config: LabConfig, cluster: ClusterConfig): LabConfig =>
  config.plugin.cluster === cluster ? config : { ...config, plugin: { ...config.plugin, cluster } };

/**
 * The ServerCluster after an edit of `set` (paths as `--set` takes them, values as text) to `file`;
 * throws a RunSpecError naming a value the parameter cannot take.
 */
export function editedCluster(
  config: LabConfig,
  file: ClusterConfig,
  set: readonly { path: string; value: string }[],
): ClusterConfig {
  let edited = withCluster(config, file);
  try {
    for (const { path, value } of set) edited = setParameter(edited, path, value);
  } catch (e) {
    if (e instanceof ConfigError) throw new RunSpecError(`plugin-cfg: ${e.message}`);
    throw e;
  }
  return edited.plugin.cluster;
}

/** What a process finds changed when it reads `after` where it had read `before`: `path=value` each. */
export const clusterChanges = (config: LabConfig, before: ClusterConfig, after: ClusterConfig): string[] =>
  refreshedChanges(withCluster(config, before), withCluster(config, after));
