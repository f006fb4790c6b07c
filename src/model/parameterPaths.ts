// Sets lab parameters by path (`plugin.cluster.retryInterval=30`, `plugin.cluster.servers[0].serverIOTimeout=-60`,
// `sessionManager.cleanupHours=1,3`), for the command line, the URL codec, the configuration panel and the lab's edits of plugin-cfg.xml during a run. The parameter table
// (model/parameters.ts) says what each value may be; unknown paths and bad values are named.

import { applyVersionProfile, type LabConfig, type Persistence, type VersionProfile } from './config.ts';
import {
  ConfigError,
  checkParameter,
  isParameterGroup,
  parameterAt,
  readParameter,
  validateConfig,
  type ParameterDescriptor,
} from './parameters.ts';

/** Splits `path=value` (both trimmed); the value stays text, read by setParameter by the parameter's kind. */
export function parseAssignment(text: string): { path: string; text: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ConfigError(text, 'expected PATH=VALUE, e.g. plugin.cluster.retryInterval=30');
  return { path: text.slice(0, eq).trim(), text: text.slice(eq + 1).trim() };
}

const segment = /^([A-Za-z]\w*)(?:\[(\d+)\])?$/;

/** The first part of `path` that names nothing in the parameter table, for "unknown parameter (no …)". */
function unknownPart(path: string): string {
  const parts = path.split('.');
  for (let i = 1; i <= parts.length; i++) {
    const at = parts.slice(0, i).join('.');
    const pattern = at.replace(/\[\d+\]/g, '[]');
    if (!segment.test(parts[i - 1]!) || (!parameterAt(pattern) && !isParameterGroup(pattern))) return at;
  }
  return path;
}

/** Whether the list at `entryPath` (`plugin.uriGroups[2]`) takes one more entry there. */
function grows(entryPath: string, list: unknown[]): boolean {
  const d = parameterAt(entryPath.slice(0, entryPath.lastIndexOf('[')).replace(/\[\d+\]/g, '[]'));
  return d?.kind === 'entries' && d.grows === true && list.length > 0 && list.length < d.maxLength;
}

/**
 * A list's new entry (a second UriGroup, a third Uri, as an imported plugin-cfg.xml has them): a copy of
 * the last one, its own lists of entries cut to their first, so that the assignments after it make it.
 */
function newEntry(last: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(last)) as Record<string, unknown>;
  for (const [k, v] of Object.entries(copy))
    if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'object') copy[k] = [v[0]];
  return copy;
}

/**
 * The parameter `path` names and where it sits in `config`: its parent group and key, and an index when
 * the path names one entry of a list of values (`sessionManager.cleanupHours[1]`).
 */
function locate(
  config: LabConfig,
  path: string,
): { d: ParameterDescriptor; parent: Record<string, unknown>; key: string; index?: number } {
  const parts = path.split('.');
  const matches = parts.map((p) => segment.exec(p));
  const lastIndex = matches.at(-1)?.[2];
  let d = matches.every(Boolean) ? parameterAt(path) : undefined;
  // One entry of a list of values: `cleanupHours[1]` is read as an item of `cleanupHours`.
  if (!d && lastIndex !== undefined) {
    const list = parameterAt(path.slice(0, path.lastIndexOf('[')));
    if (list?.kind === 'list') d = list;
  }
  if (!d) {
    const pattern = path.replace(/\[\d+\]/g, '[]');
    if (matches.every(Boolean) && isParameterGroup(pattern)) {
      throw new ConfigError(
        path,
        lastIndex !== undefined
          ? 'names a whole list entry; name one of its parameters'
          : 'is a group of parameters, not one',
      );
    }
    throw new ConfigError(path, `unknown parameter (no ${unknownPart(path)})`);
  }
  let node: unknown = config;
  for (let i = 0; i < parts.length - 1; i++) {
    const [, key, index] = matches[i]!;
    node = (node as Record<string, unknown>)[key!];
    if (index !== undefined) {
      const list = node as unknown[];
      if (Number(index) === list.length && grows(parts.slice(0, i + 1).join('.'), list))
        list.push(newEntry(list.at(-1)));
      if (Number(index) >= list.length)
        throw new ConfigError(path, `unknown parameter (no ${parts.slice(0, i + 1).join('.')})`);
      node = list[Number(index)];
    }
  }
  const [, key, index] = matches.at(-1)!;
  const parent = node as Record<string, unknown>;
  if (index === undefined) return { d, parent, key: key! };
  const list = parent[key!];
  if (!Array.isArray(list) || Number(index) >= list.length)
    throw new ConfigError(path, `unknown parameter (no ${path})`);
  return { d, parent, key: key!, index: Number(index) };
}

/**
 * A copy of `config` with the parameter at `path` set; throws a ConfigError naming what is wrong. A
 * path through the entry one past the end of a list that grows (`plugin.uriGroups[0].uris[1].name` where
 * the group has one Uri) first adds that entry.
 * `value` is text as the command line and the URL write it (`30`, `true`, `null`, `single`, `1,3`), read
 * by the parameter's kind, or an already typed value (a configuration panel's number or checkbox).
 * Setting `version` also sets the defaults of that level (see applyVersionProfile); setting
 * `sessionManager.persistence` sets GetDWLMTable as the plug-in configuration generator writes it.
 */
export function setParameter(config: LabConfig, path: string, value: unknown): LabConfig {
  // A configuration is plain data (numbers, text, booleans, null, lists and groups of them).
  const copy = JSON.parse(JSON.stringify(config)) as LabConfig;
  const { d, parent, key, index } = locate(copy, path);
  const kind = index !== undefined && d.kind === 'list' ? d.item : d;
  // A list of groups (the servers) is never set whole: reading any text for it says so.
  const v =
    typeof value === 'string' || d.kind === 'entries'
      ? readParameter(kind, String(value), path, copy)
      : value;
  checkParameter(kind, v, path, copy);
  if (index !== undefined) (parent[key] as unknown[])[index] = v;
  else if (path === 'version') applyVersionProfile(copy, v as VersionProfile);
  else if (path === 'sessionManager.persistence') {
    copy.sessionManager.persistence = v as Persistence;
    // The generated plugin-cfg.xml asks for the partition table when memory-to-memory replication is
    // configured (DOMAIN.md §1.2, §5.3); a later setting of GetDWLMTable stands for a hand edit.
    copy.plugin.cluster.getDWLMTable = v === 'memoryToMemory';
  } else if (v === undefined) delete parent[key];
  else parent[key] = v;
  // Other parameters may now be out of range (a group number beyond a smaller partition size).
  return validateConfig(copy);
}
