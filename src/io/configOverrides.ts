// Sets lab parameters by path (`plugin.cluster.retryInterval=30`, `plugin.cluster.servers[0].serverIOTimeout=-60`),
// for the command line now and the URL codec later. Unknown paths and wrongly typed values are named.

import {
  ConfigError,
  applyVersionProfile,
  validateConfig,
  versionProfiles,
  type LabConfig,
  type VersionProfile,
} from '../model/config.ts';

/** Parses `path=value`; numbers, true/false and null become their types (`raw` keeps the text). */
export function parseAssignment(text: string): { path: string; value: unknown; raw: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ConfigError(text, 'expected PATH=VALUE, e.g. plugin.cluster.retryInterval=30');
  const path = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  let value: unknown = raw;
  if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
  else if (raw === 'true' || raw === 'false') value = raw === 'true';
  else if (raw === 'null') value = null;
  return { path, value, raw };
}

/** A cluster member's parameters that are unset by default, and how their text is read. */
const OPTIONAL_SERVER_PARAMETERS: Record<string, (raw: string, path: string) => unknown> = {
  replicationMode: (raw) => raw,
  listensTo: (raw, path) => {
    const groups = raw.split(',').map((g) => g.trim());
    if (groups.some((g) => !/^\d+$/.test(g)))
      throw new ConfigError(path, `expects group numbers separated by commas, e.g. 1,2; got "${raw}"`);
    return groups.map(Number);
  },
};

const segment = /^([A-Za-z]\w*)(?:\[(\d+)\])?$/;

/**
 * A copy of `config` with the parameter at `path` set to `value` (`raw`: the text it was read from, for
 * parameters that are text, such as `version=7.0`); throws a ConfigError naming what is wrong. Setting
 * `version` also sets the defaults of that level (see applyVersionProfile).
 */
export function setParameter(
  config: LabConfig,
  path: string,
  value: unknown,
  raw: string = String(value),
): LabConfig {
  const copy = structuredClone(config);
  if (path === 'version') {
    if (!(versionProfiles as readonly string[]).includes(raw))
      throw new ConfigError(path, `must be one of ${versionProfiles.join(', ')}, got "${raw}"`);
    return validateConfig(applyVersionProfile(copy, raw as VersionProfile));
  }
  const parts = path.split('.');
  let node: Record<string, unknown> = copy as unknown as Record<string, unknown>;
  for (let i = 0; i < parts.length; i++) {
    const m = segment.exec(parts[i]!);
    const at = parts.slice(0, i + 1).join('.');
    if (!m) throw new ConfigError(path, `unknown parameter (no ${at})`);
    const key = m[1]!;
    const last = i === parts.length - 1;
    const isServer = /^plugin\.cluster\.servers\[\d+\]$/.test(parts.slice(0, i).join('.'));
    if (last && m[2] === undefined && isServer && Object.hasOwn(OPTIONAL_SERVER_PARAMETERS, key)) {
      node[key] = OPTIONAL_SERVER_PARAMETERS[key]!(raw, path);
      continue;
    }
    if (!Object.hasOwn(node, key)) throw new ConfigError(path, `unknown parameter (no ${at})`);
    if (m[2] !== undefined) {
      const list = node[key];
      const index = Number(m[2]);
      if (!Array.isArray(list) || index >= list.length)
        throw new ConfigError(path, `unknown parameter (no ${at})`);
      if (last) throw new ConfigError(path, 'names a whole list entry; name one of its parameters');
      node = list[index] as Record<string, unknown>;
      continue;
    }
    if (last) {
      const old = node[key];
      // A text parameter takes the text as written (`partitionId=042`).
      if (typeof old === 'string' && typeof value !== 'string' && value !== null) value = raw;
      const nullable = old === null || (path.endsWith('connectTimeout') && value === null);
      if (typeof old === 'object' && old !== null)
        throw new ConfigError(path, 'is a group of parameters, not one');
      if (!nullable && value !== null && typeof old !== typeof value) {
        throw new ConfigError(path, `expects a ${typeof old}, got ${JSON.stringify(value)}`);
      }
      node[key] = value;
    } else {
      const next = node[key];
      if (typeof next !== 'object' || next === null)
        throw new ConfigError(path, `unknown parameter (${at} is not a group)`);
      node = next as Record<string, unknown>;
    }
  }
  return validateConfig(copy);
}
