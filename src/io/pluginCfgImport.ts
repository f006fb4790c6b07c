// A real plugin-cfg.xml read into the lab (DOMAIN.md §1): one of its ServerClusters with its Servers
// (their names, clone IDs, weights, timeouts, transports), PrimaryServers and BackupServers, and the
// Routes, UriGroups and VirtualHostGroups that send requests to it. The result is a sandbox size and
// the parameters set on it, as an address or --set writes them, so an imported run is described like
// any other: configuration + seed + actions. What the file says that the lab does not model is listed,
// element by element, never dropped in silence.
//
// One reader for the page and the command line: it walks the few DOM calls that the browser's
// DOMParser and @xmldom/xmldom both offer; each side passes its own parser (ParseXml).

import { defaultConfig, type LabConfig } from '../model/config.ts';
import { ConfigError } from '../model/parameters.ts';
import { setParameter } from '../model/parameterPaths.ts';
import { sandboxLimits } from '../scenarios/catalog.ts';
import { textOf, valueAt } from './configForm.ts';
import { fewErrors, shown } from './urlState.ts';

/** What the reader asks of an element: the DOM of a browser and of @xmldom/xmldom alike. */
export interface XmlElement {
  readonly nodeType: number;
  readonly tagName: string;
  readonly attributes: ArrayLike<{ readonly name: string; readonly value: string }>;
  readonly childNodes: ArrayLike<{ readonly nodeType: number }>;
}

/** Reads XML text to its root element; throws a PluginCfgError saying where the text is not XML. */
export type ParseXml = (text: string) => XmlElement;

/** The largest file the lab reads (a generated plugin-cfg.xml for hundreds of applications is smaller). */
export const PLUGIN_CFG_LIMIT = 1_000_000;

/** A file the lab cannot run, with every reason it found (each says where). */
export class PluginCfgError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'PluginCfgError';
  }
}

/** One ServerCluster of the file, as a list to pick from shows it. */
export interface ClusterInFile {
  name: string;
  /** Server elements in it. */
  servers: number;
  /** Routes that send requests to it. */
  routes: number;
}

/** A plugin-cfg.xml read as far as its elements: what it holds, before a cluster is chosen. */
export interface PluginCfgFile {
  root: XmlElement;
  clusters: ClusterInFile[];
}

/** A ServerCluster of the file made into the lab's run. */
export interface PluginCfgImport {
  cluster: string;
  /** The sandbox's number of members: the Servers the plug-in sends requests to. */
  members: number;
  /** The parameters set, in order, on the sandbox's configuration for that many members. */
  sets: string[];
  /** The configuration they make. */
  config: LabConfig;
  /** What the file says that the lab does not model, one line an element. */
  unmodelled: string[];
  /** What the lab made of the file where it had to choose (servers in neither list, other clusters). */
  notes: string[];
}

const ELEMENT = 1;

const elementsOf = (e: XmlElement): XmlElement[] =>
  Array.from(e.childNodes).filter((n): n is XmlElement => n.nodeType === ELEMENT);
const childrenNamed = (e: XmlElement, name: string): XmlElement[] =>
  elementsOf(e).filter((c) => c.tagName === name);
const attributesOf = (e: XmlElement): Map<string, string> =>
  new Map(Array.from(e.attributes, (a) => [a.name, a.value]));

/** `Server "nodeA_shop1"`: an element as a message names it. */
function named(e: XmlElement): string {
  const name = attributesOf(e).get('Name');
  return name === undefined ? e.tagName : `${e.tagName} "${shown(name)}"`;
}

/**
 * The text read as a plugin-cfg.xml, as far as its ServerClusters; throws a PluginCfgError when it is
 * too large, not XML, or not a plugin-cfg.xml.
 */
export function readPluginCfg(file: string, parse: ParseXml): PluginCfgFile {
  // A byte-order mark, which an editor may write and a browser drops when it reads the file.
  const text = file.replace(/^\uFEFF/, '');
  if (text.length > PLUGIN_CFG_LIMIT)
    throw new PluginCfgError([
      `The file is ${text.length.toLocaleString('en')} characters long; the lab reads plugin-cfg.xml files up to ${PLUGIN_CFG_LIMIT.toLocaleString('en')}`,
    ]);
  // The plug-in's file has no document type; one could define entities that grow without end.
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new PluginCfgError([
      'The file declares a document type (<!DOCTYPE or <!ENTITY): a plugin-cfg.xml has none, and the lab does not read one',
    ]);
  const root = parse(text);
  if (root.tagName !== 'Config')
    throw new PluginCfgError([
      `This is not a plugin-cfg.xml: its root element is <${shown(root.tagName)}>, where a plugin-cfg.xml has <Config>`,
    ]);
  const routes = childrenNamed(root, 'Route').map((r) => attributesOf(r).get('ServerCluster'));
  const clusters = childrenNamed(root, 'ServerCluster').map((c) => {
    const name = attributesOf(c).get('Name') ?? '';
    return {
      name,
      servers: childrenNamed(c, 'Server').length,
      routes: routes.filter((r) => r === name).length,
    };
  });
  if (clusters.length === 0)
    throw new PluginCfgError(['The file has no ServerCluster: there is no cluster for the lab to run']);
  // A Route names its ServerCluster: one without a Name, or two of one Name, cannot be told apart.
  const names = clusters.map((c) => c.name);
  const unclear = names.filter((n, i) => n === '' || names.indexOf(n) !== i);
  if (unclear.length > 0)
    throw new PluginCfgError([
      unclear[0] === ''
        ? 'A ServerCluster of the file has no Name: a Route could not name it'
        : `The file has two ServerClusters named "${shown(unclear[0]!)}": a Route could not tell them apart`,
    ]);
  return { root, clusters };
}

/** One value the file sets, where it says so, and the lab's parameter it sets. */
interface Assignment {
  path: string;
  value: string;
  where: string;
}

// The attributes the lab models, element by element (DOMAIN.md §1.2, §1.3); the rest are listed.
const CONFIG_ATTRIBUTES: Record<string, string> = { RefreshInterval: 'plugin.refreshInterval' };
const CLUSTER_ATTRIBUTES: Record<string, string> = {
  LoadBalance: 'loadBalance',
  RetryInterval: 'retryInterval',
  IgnoreAffinityRequests: 'ignoreAffinityRequests',
  PostSizeLimit: 'postSizeLimit',
  PostBufferSize: 'postBufferSize',
  ServerIOTimeoutRetry: 'serverIOTimeoutRetry',
  GetDWLMTable: 'getDWLMTable',
  CloneSeparatorChange: 'cloneSeparatorChange',
};
const SERVER_ATTRIBUTES: Record<string, string> = {
  LoadBalanceWeight: 'loadBalanceWeight',
  ConnectTimeout: 'connectTimeout',
  ServerIOTimeout: 'serverIOTimeout',
  MaxConnections: 'maxConnections',
  WaitForContinue: 'waitForContinue',
  ExtendedHandshake: 'extendedHandshake',
};
const URI_ATTRIBUTES: Record<string, string> = {
  Name: 'name',
  AffinityCookie: 'affinityCookie',
  AffinityURLIdentifier: 'affinityURLIdentifier',
};
const BOOLEAN = /^(?:true|false)$/i;

/** The text the lab's parameter reads for an attribute's value: `TRUE` → true, `round robin` → Round Robin. */
function valueText(attribute: string, value: string): string {
  const v = value.trim();
  if (BOOLEAN.test(v)) return v.toLowerCase();
  if (attribute === 'LoadBalance') {
    const word = v.replace(/\s+/g, '').toLowerCase();
    if (word === 'roundrobin') return 'Round Robin';
    if (word === 'random') return 'Random';
  }
  return v;
}

/** Every attribute the lab reads, for a hint when a file spells one in another case. */
const MODELLED = (): string[] => [
  ...Object.keys(CONFIG_ATTRIBUTES),
  ...Object.keys(CLUSTER_ATTRIBUTES),
  ...Object.keys(SERVER_ATTRIBUTES),
  ...Object.keys(URI_ATTRIBUTES),
  'CloneID',
  'Hostname',
  'Port',
];

/**
 * `Log: LogLevel="Error", Name="/opt/…"`: an element's attributes the lab does not model (one spelled as a
 * modelled one in another case says so: the lab reads the product's spelling).
 */
function listed(where: string, attributes: [string, string][]): string {
  const said = attributes
    .map(([k, v]) => {
      const meant = MODELLED().find((m) => m !== k && m.toLowerCase() === k.toLowerCase());
      return `${shown(k)}="${shown(v, 60)}"${meant ? ` (the lab reads ${meant}, spelled so)` : ''}`;
    })
    .join(', ');
  return said === '' ? where : `${where}: ${said}`;
}

/**
 * The node of a Server named `node_server` (DOMAIN.md §1.3): what its Name has before the first `_`
 * [INFERRED: a node's name may hold `_` too]. The member keeps the whole Name, as the plug-in knows it;
 * a Name without `_` is the node's name too.
 */
function nodeOf(name: string): string {
  const at = name.indexOf('_');
  return at > 0 ? name.slice(0, at) : name;
}

/**
 * The file's ServerCluster named `clusterName` (the only one when the file has one) as the lab's run;
 * throws a PluginCfgError naming every value the lab cannot take and where it is.
 */
export function importCluster(file: PluginCfgFile, clusterName?: string): PluginCfgImport {
  const { root } = file;
  const names = file.clusters.map((c) => c.name);
  if (clusterName === undefined && names.length > 1)
    throw new PluginCfgError([
      `The file has ${names.length} ServerClusters (${names.map((n) => shown(n)).join(', ')}): choose one`,
    ]);
  const chosen = clusterName ?? names[0]!;
  const cluster = childrenNamed(root, 'ServerCluster').find((c) => attributesOf(c).get('Name') === chosen);
  if (!cluster)
    throw new PluginCfgError([
      `The file has no ServerCluster "${shown(chosen)}"; it has ${names.map((n) => `"${shown(n)}"`).join(', ')}`,
    ]);
  const here = named(cluster);
  const problems: string[] = [];
  const unmodelled: string[] = [];
  const notes: string[] = [];
  const sets: Assignment[] = [];
  const set = (path: string, value: string, where: string): void => {
    sets.push({ path, value, where });
  };

  // Config: its attributes, and the elements the lab does not model.
  const config = attributesOf(root);
  const configOthers: [string, string][] = [];
  for (const [k, v] of config) {
    if (CONFIG_ATTRIBUTES[k]) set(CONFIG_ATTRIBUTES[k], valueText(k, v), `Config ${k}="${shown(v)}"`);
    else configOthers.push([k, v]);
  }
  if (configOthers.length > 0) unmodelled.push(listed('Config', configOthers));
  for (const e of elementsOf(root))
    if (!['VirtualHostGroup', 'ServerCluster', 'UriGroup', 'Route'].includes(e.tagName))
      unmodelled.push(listed(e.tagName, [...attributesOf(e)]));

  // The ServerCluster's own attributes.
  const clusterOthers: [string, string][] = [];
  set('plugin.cluster.name', chosen, `${here} Name`);
  for (const [k, v] of attributesOf(cluster)) {
    if (k === 'Name') continue;
    if (CLUSTER_ATTRIBUTES[k])
      set(`plugin.cluster.${CLUSTER_ATTRIBUTES[k]}`, valueText(k, v), `${here} ${k}="${shown(v)}"`);
    else clusterOthers.push([k, v]);
  }
  if (clusterOthers.length > 0) unmodelled.push(listed(here, clusterOthers));
  for (const e of elementsOf(cluster))
    if (!['Server', 'PrimaryServers', 'BackupServers'].includes(e.tagName))
      unmodelled.push(listed(`${here} › ${e.tagName}`, [...attributesOf(e)]));

  // Its servers, in the order the plug-in uses them: the PrimaryServers list, then the BackupServers list
  // (DOMAIN.md §1.4); without the lists, every Server is a primary, in file order.
  const servers = childrenNamed(cluster, 'Server');
  const byName = new Map(servers.map((s) => [attributesOf(s).get('Name') ?? '', s]));
  if (byName.size < servers.length)
    problems.push(
      `${here} has two Servers of one Name (or a Server without one): a Name is what PrimaryServers and BackupServers refer to`,
    );
  const listOf = (element: string): string[] | null => {
    const lists = childrenNamed(cluster, element);
    if (lists.length === 0) return null;
    if (lists.length > 1)
      notes.push(
        `${here} has ${lists.length} ${element} elements: the lab reads them as one list, in file order [INFERRED]`,
      );
    const refs = lists.flatMap((l) =>
      childrenNamed(l, 'Server').map((s) => attributesOf(s).get('Name') ?? ''),
    );
    const twice = refs.filter((r, i) => refs.indexOf(r) !== i);
    if (twice.length > 0)
      notes.push(
        `${element} lists Server "${shown(twice[0]!)}" more than once: the lab takes its first place [INFERRED]`,
      );
    for (const r of refs)
      if (!byName.has(r))
        problems.push(
          `${here} › ${element} names Server "${shown(r)}", which the ServerCluster does not define`,
        );
    return refs.filter((r) => byName.has(r));
  };
  const primaries = listOf('PrimaryServers');
  const backupList = listOf('BackupServers') ?? [];
  const both = backupList.filter((b) => (primaries ?? []).includes(b));
  if (both.length > 0)
    notes.push(
      `Server "${shown(both[0]!)}" is in both PrimaryServers and BackupServers: the lab makes it a primary [INFERRED]`,
    );
  if (primaries === null && backupList.length > 0)
    notes.push(
      'The file has BackupServers but no PrimaryServers: the lab makes every other Server a primary, in file order [INFERRED]',
    );
  const backups = backupList.filter((b) => !(primaries ?? []).includes(b));
  const order: { name: string; role: 'primary' | 'backup' }[] = [
    ...(primaries ?? [...byName.keys()].filter((n) => !backups.includes(n))).map((name) => ({
      name,
      role: 'primary' as const,
    })),
    ...backups.map((name) => ({ name, role: 'backup' as const })),
  ].filter((s, i, all) => all.findIndex((o) => o.name === s.name) === i);
  const unused = [...byName.keys()].filter((n) => !order.some((o) => o.name === n));
  if (unused.length > 0)
    notes.push(
      `${unused.map((n) => `Server "${shown(n)}"`).join(', ')} ${unused.length === 1 ? 'is' : 'are'} in neither PrimaryServers nor BackupServers: the plug-in sends ${unused.length === 1 ? 'it' : 'them'} no requests (as a member taken out of PrimaryServers by hand, DOMAIN.md §1.1), and the lab leaves ${unused.length === 1 ? 'it' : 'them'} out`,
    );
  const [, mostMembers] = sandboxLimits.members;
  if (order.length === 0) problems.push(`${here} has no Server the plug-in can send requests to`);
  if (order.length > mostMembers)
    problems.push(
      `${here} has ${order.length} Servers in use; the lab runs at most ${mostMembers} cluster members`,
    );
  if (!order.some((s) => s.role === 'primary') && order.length > 0)
    problems.push(`${here} has no primary server: PrimaryServers lists none the cluster defines`);
  const members = Math.max(1, Math.min(order.length, mostMembers));
  const memberNames: Assignment[] = [];
  const cloneIds = new Map<string, string>();
  order.slice(0, mostMembers).forEach(({ name, role }, i) => {
    const server = byName.get(name)!;
    const at = `${here} › Server "${shown(name)}"`;
    const path = `plugin.cluster.servers[${i}]`;
    const attributes = attributesOf(server);
    memberNames.push({ path: `${path}.memberName`, value: name, where: `${at} Name` });
    set(`${path}.nodeName`, nodeOf(name), `${at} Name`);
    const cloneId = attributes.get('CloneID');
    const sharer = cloneId === undefined ? undefined : cloneIds.get(cloneId.trim());
    if (sharer !== undefined)
      notes.push(
        `Servers "${shown(sharer)}" and "${shown(name)}" have one CloneID: a session's affinity names the first [INFERRED]`,
      );
    else if (cloneId !== undefined) cloneIds.set(cloneId.trim(), name);
    if (cloneId === undefined)
      problems.push(
        `${at} has no CloneID: the plug-in gives its sessions no affinity (DOMAIN.md §1.3), which the lab does not model; give it the member's clone ID`,
      );
    else {
      set(`${path}.cloneId`, cloneId.trim(), `${at} CloneID="${shown(cloneId)}"`);
      set(`${path}.configuredCloneId`, cloneId.trim(), `${at} CloneID="${shown(cloneId)}"`);
    }
    // An unset ConnectTimeout is a blocking connect (DOMAIN.md §1.3), whatever the level's default.
    if (!attributes.has('ConnectTimeout')) set(`${path}.connectTimeout`, 'null', `${at} (no ConnectTimeout)`);
    const others: [string, string][] = [];
    for (const [k, v] of attributes) {
      if (k === 'Name' || k === 'CloneID') continue;
      if (SERVER_ATTRIBUTES[k])
        set(`${path}.${SERVER_ATTRIBUTES[k]}`, valueText(k, v), `${at} ${k}="${shown(v)}"`);
      else others.push([k, v]);
    }
    if (role === 'backup') set(`${path}.role`, 'backup', `${here} › BackupServers`);
    if (others.length > 0) unmodelled.push(listed(at, others));
    // The member's address: its http Transport (the lab's plug-in speaks http); the others are listed.
    const transports = childrenNamed(server, 'Transport');
    const http =
      transports.find((t) => attributesOf(t).get('Protocol')?.toLowerCase() === 'http') ?? transports[0];
    if (!http) problems.push(`${at} has no Transport: the plug-in has no address to send its requests to`);
    for (const t of transports) {
      const a = attributesOf(t);
      if (t === http) {
        for (const [k, key] of [
          ['Hostname', 'hostname'],
          ['Port', 'port'],
        ] as const) {
          const v = a.get(k);
          if (v === undefined) problems.push(`${at} › Transport has no ${k}`);
          else set(`${path}.${key}`, v.trim(), `${at} › Transport ${k}="${shown(v)}"`);
        }
        const rest = [...a].filter(([k]) => k !== 'Hostname' && k !== 'Port' && k !== 'Protocol');
        const protocol = a.get('Protocol');
        if (protocol !== undefined && protocol.toLowerCase() !== 'http') rest.unshift(['Protocol', protocol]);
        if (rest.length > 0) unmodelled.push(listed(`${at} › Transport`, rest));
      } else unmodelled.push(listed(`${at} › Transport (the lab's plug-in uses the http one)`, [...a]));
      for (const e of elementsOf(t))
        unmodelled.push(listed(`${at} › Transport › ${e.tagName}`, [...attributesOf(e)]));
    }
    for (const e of elementsOf(server))
      if (e.tagName !== 'Transport') unmodelled.push(listed(`${at} › ${e.tagName}`, [...attributesOf(e)]));
  });

  // The Routes to this cluster, and the groups they name.
  const vhgs = childrenNamed(root, 'VirtualHostGroup');
  const ugs = childrenNamed(root, 'UriGroup');
  const allRoutes = childrenNamed(root, 'Route');
  const others = allRoutes.filter((r) => attributesOf(r).get('ServerCluster') !== chosen);
  if (others.length > 0)
    notes.push(
      `${others.length} Route${others.length === 1 ? '' : 's'} to other ServerClusters left out: the lab runs one cluster`,
    );
  const routes = allRoutes.filter((r) => {
    const a = attributesOf(r);
    if (a.get('ServerCluster') !== chosen) return false;
    for (const [k, list] of [
      ['VirtualHostGroup', vhgs],
      ['UriGroup', ugs],
    ] as const) {
      const name = a.get(k);
      if (!list.some((g) => attributesOf(g).get('Name') === name)) {
        notes.push(
          `A Route to ${here} names ${k} "${shown(name ?? '')}", which the file does not define: the plug-in cannot use it, and the lab leaves it out`,
        );
        return false;
      }
    }
    return true;
  });
  if (routes.length === 0)
    problems.push(`No Route sends requests to ${here}: the plug-in would never use it`);
  const most = (what: string, n: number, limit: number): void => {
    if (n > limit) problems.push(`${what}: the file has ${n}, the lab takes at most ${limit}`);
  };
  most(`Routes to ${here}`, routes.length, 16);
  const usedVhgs: string[] = [];
  const usedUgs: string[] = [];
  const use = (used: string[], name: string): void => {
    if (!used.includes(name)) used.push(name);
  };
  routes.forEach((r, i) => {
    const a = attributesOf(r);
    const where = `Route ${i + 1} to ${here}`;
    const vhg = a.get('VirtualHostGroup')!;
    const ug = a.get('UriGroup')!;
    use(usedVhgs, vhg);
    use(usedUgs, ug);
    set(`plugin.routes[${i}].virtualHostGroup`, vhg, `${where} VirtualHostGroup`);
    set(`plugin.routes[${i}].uriGroup`, ug, `${where} UriGroup`);
    set(`plugin.routes[${i}].serverCluster`, chosen, `${where} ServerCluster`);
    const rest = [...a].filter(([k]) => !['VirtualHostGroup', 'UriGroup', 'ServerCluster'].includes(k));
    if (rest.length > 0) unmodelled.push(listed(where, rest));
  });
  most(`VirtualHostGroups its Routes name`, usedVhgs.length, 16);
  most(`UriGroups its Routes name`, usedUgs.length, 16);
  usedVhgs.forEach((name, i) => {
    const g = vhgs.find((e) => attributesOf(e).get('Name') === name)!;
    const at = named(g);
    set(`plugin.virtualHostGroups[${i}].name`, name, `${at} Name`);
    const hosts = childrenNamed(g, 'VirtualHost').map((h) => attributesOf(h).get('Name') ?? '');
    most(`${at} › VirtualHost`, hosts.length, 32);
    if (hosts.length === 0) problems.push(`${at} has no VirtualHost`);
    else
      set(
        `plugin.virtualHostGroups[${i}].hosts`,
        hosts.map((h) => h.trim()).join(','),
        `${at} › VirtualHost`,
      );
    const rest = [...attributesOf(g)].filter(([k]) => k !== 'Name');
    if (rest.length > 0) unmodelled.push(listed(at, rest));
  });
  usedUgs.forEach((name, i) => {
    const g = ugs.find((e) => attributesOf(e).get('Name') === name)!;
    const at = named(g);
    set(`plugin.uriGroups[${i}].name`, name, `${at} Name`);
    const uris = childrenNamed(g, 'Uri');
    if (uris.length === 0) problems.push(`${at} has no Uri`);
    most(`${at} › Uri`, uris.length, 64);
    uris.forEach((u, j) => {
      const a = attributesOf(u);
      const where = `${at} › ${named(u)}`;
      // A Uri without affinity attributes takes the plug-in's defaults (DOMAIN.md §1.1).
      const values: Record<string, string | undefined> = {
        AffinityCookie: 'JSESSIONID',
        AffinityURLIdentifier: 'jsessionid',
        ...Object.fromEntries(a),
      };
      for (const [k, key] of Object.entries(URI_ATTRIBUTES)) {
        const v = values[k];
        if (v === undefined) problems.push(`${where} has no ${k}`);
        else set(`plugin.uriGroups[${i}].uris[${j}].${key}`, v.trim(), `${where} ${k}="${shown(v)}"`);
      }
      const rest = [...a].filter(([k]) => !URI_ATTRIBUTES[k]);
      if (rest.length > 0) unmodelled.push(listed(where, rest));
    });
  });

  // The session manager's cookie is the one the Uris read affinity from: the two must agree, or affinity
  // silently breaks (DOMAIN.md §1.1). The file says only the plug-in's side; the lab takes it for both.
  const cookies = usedUgs.flatMap((name) =>
    childrenNamed(
      ugs.find((e) => attributesOf(e).get('Name') === name)!,
      'Uri',
    ).map((u) => attributesOf(u).get('AffinityCookie')?.trim() ?? 'JSESSIONID'),
  );
  const cookie = cookies[0];
  if (cookie !== undefined && cookie !== 'JSESSIONID') {
    set('sessionManager.cookieName', cookie, `Uri AffinityCookie="${shown(cookie)}"`);
    notes.push(
      `The Uris read affinity from the cookie ${shown(cookie)}: the lab's session manager names its cookie so, as it must for affinity (DOMAIN.md §1.1)`,
    );
  }
  const other = cookies.find((c) => c !== cookie);
  if (other !== undefined)
    notes.push(
      `Some Uris read affinity from the cookie ${shown(other)}, others from ${shown(cookie!)}: the session manager has one cookie name, so requests to the others have no affinity`,
    );

  if (problems.length > 0) throw new PluginCfgError(fewErrors(problems, 'the file'));
  const made = apply(defaultConfig({ members }), [...memberNamesInOrder(memberNames, members), ...sets]);
  if (made.problems.length > 0) throw new PluginCfgError(fewErrors(made.problems, 'the file'));
  const shownUnmodelled =
    unmodelled.length <= MAX_LISTED
      ? unmodelled
      : [...unmodelled.slice(0, MAX_LISTED), `…and ${unmodelled.length - MAX_LISTED} more`];
  return {
    cluster: chosen,
    members,
    sets: made.sets,
    config: made.config,
    unmodelled: shownUnmodelled,
    notes,
  };
}

/** The most lines the list of what the lab does not model has. */
const MAX_LISTED = 100;

/**
 * The member names set one at a time, never two members of one name on the way: a name another member
 * still holds waits for it to move (a swap goes through a passing name).
 */
function memberNamesInOrder(names: Assignment[], members: number): Assignment[] {
  const current = defaultConfig({ members }).plugin.cluster.servers.map((s) => s.memberName);
  const out: Assignment[] = [];
  let waiting = names.filter((n, i) => current[i] !== n.value);
  const moved = new Set<Assignment>();
  while (waiting.length > 0) {
    const free = waiting.find((n) => !current.includes(n.value));
    const n = free ?? waiting[0]!;
    const i = names.indexOf(n);
    // Held by a member that waits too: a passing name first (once; a name held for good is refused).
    const passing = !free && !moved.has(n);
    let value = n.value;
    if (passing) {
      moved.add(n);
      for (let k = 1; [...current, ...names.map((m) => m.value)].includes(value); k++)
        value = `${n.value}-moving${k}`;
    }
    current[i] = value;
    out.push({ ...n, value });
    if (!passing) waiting = waiting.filter((w) => w !== n);
  }
  return out;
}

/** The assignments made on `base`, those that change nothing left out; each the lab refuses is a problem. */
function apply(
  base: LabConfig,
  assignments: Assignment[],
): { config: LabConfig; sets: string[]; problems: string[] } {
  let config = base;
  const sets: string[] = [];
  const problems: string[] = [];
  for (const { path, value, where } of assignments) {
    // What the configuration has already is not set again (most of a file repeats the defaults).
    const now = valueAt(config, path);
    if (now !== undefined && textOf(now) === value) continue;
    try {
      config = setParameter(config, path, value);
      sets.push(`${path}=${value}`);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      const problem = `${where}: ${e.message.slice(e.path.length + 2)}`;
      // One attribute may set two parameters (CloneID: the member's and the plug-in's); said once.
      if (!problems.includes(problem)) problems.push(problem);
    }
  }
  return { config, sets, problems };
}
