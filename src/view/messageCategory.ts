// How the views tell messages apart (shape and colour in the topology, colour in the sequence diagram):
// requests, responses, session-store traffic, replication, and the rest.

export type Category = 'request' | 'response' | 'store' | 'replication' | 'other';

export function category(type: string): Category {
  if (type === 'http.request' || type === 'tcp.connect' || type.startsWith('http.handshake'))
    return 'request';
  if (type === 'http.response' || type === 'tcp.accepted' || type === 'http.continue') return 'response';
  if (type.startsWith('session.') || type.startsWith('db.')) return 'store';
  if (type.startsWith('replica')) return 'replication';
  return 'other';
}
