// The public sources the narration cites, by title (DOMAIN.md §0 gives their addresses): one title
// per source, so every beat that rests on a source cites it alike.

export const APAR_PH46938 = 'IBM APAR PH46938';
export const APAR_PK48101 = 'IBM APAR PK48101';
export const APAR_PM12112 = 'IBM APAR PM12112';
export const BALANCING_WORKLOADS = 'WebSphere 6.0 Express documentation: Balancing workloads';
export const CORE_GROUP_FAILURE_DETECTION = 'IBM Knowledge Center: Core group failure detection';
export const HOT_FAILOVER = 'WebSphere 6.0.2 documentation: Session hot failover';
export const LIBERTY_BACKED_HASH_MAP =
  'Open Liberty session manager source: BackedHashMap (cache ID version check)';
export const M2M_PEER_TO_PEER = 'IBM Knowledge Center: Memory-to-memory topology: Peer-to-peer function';
export const M2M_REPLICATION = 'IBM Knowledge Center: Memory-to-memory replication';
export const PLUGINS_855 = 'IBM Knowledge Center: Web server plug-ins';
export const PLUGINS_90 = 'IBM Docs 9.0: Web server plug-ins';
export const PORTAL_FAILOVER = 'WebSphere Portal 8.0 documentation: HTTP session failover';
export const RB51_AFFINITY = 'WebSphere 5.1 Performance and Scalability Redbook: Session affinity';
export const RB51_FAILOVER = 'WebSphere 5.1 Performance and Scalability Redbook: Failover';
export const RB51_KILLING =
  'WebSphere 5.1 Performance and Scalability Redbook: Killing a cluster member during a request';
export const RB51_OVERLOADING =
  'WebSphere 5.1 Performance and Scalability Redbook: Overloading a cluster member';
export const RB51_RETRY_INTERVAL = 'WebSphere 5.1 Performance and Scalability Redbook: RetryInterval setting';
export const RB51_SESSION_FAILOVER = 'WebSphere 5.1 Redbook: Session failover inside the plug-in';
export const RB61_AFFINITY_FAILOVER =
  'WebSphere 6.1 System Management Redbook: Session affinity and failover';
export const RB61_PARTITION_ID = 'WebSphere 6.1 Scalability Redbook: partition ID in the session ID';
export const RB_PRIMARY_BACKUP = 'WebSphere Performance Redbook: Primary and backup servers';
export const RB_WEIGHTED_ROUND_ROBIN =
  'WebSphere Performance Redbook: Weighted round robin and random load balancing';
export const RECOMMENDED_VALUES = 'IBM Support: Recommended values for web server plug-in config';
export const ROUTING_PROPERTIES = 'IBM Knowledge Center: Web server plug-in request routing properties';
export const SERVER_PLUGIN_PROPERTIES =
  'IBM Docs: Application Server property settings for a web server plug-in (ServerIOTimeout)';
export const TECHNOTE_IO_TIMEOUT =
  'IBM technote: How do ServerIOTimeout and PostBufferSize affect plug-in behavior?';
export const TUNING_CUSTOM = 'IBM Docs: Tuning parameter custom settings';
export const TUNING_LEVELS = 'IBM Knowledge Center: Tuning parameter settings';
export const WAS35_SESSION_CLUSTERING = 'WebSphere Application Server 3.5 documentation: Session clustering';
export const WRITE_CONTENTS = 'IBM Knowledge Center: Configuring write contents';
export const WRITE_FREQUENCY = 'IBM Knowledge Center: Configuring write frequency';
