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

/**
 * The shape of a message of each category in the topology, centred on (0, 0), in topology units, as SVG
 * path data: the SVG dots draw it as a `<path>`, the canvas as a `Path2D`, so both show the same marks.
 */
export const DOT_PATHS: Record<Category, string> = {
  request: 'M7,0A7,7 0 1 1 -7,0A7,7 0 1 1 7,0Z',
  response: 'M-6,-6H6V6H-6Z',
  store: 'M0,-8L8,0L0,8L-8,0Z',
  replication: 'M0,-8L8,6L-8,6Z',
  other: 'M5,0A5,5 0 1 1 -5,0A5,5 0 1 1 5,0Z',
};
