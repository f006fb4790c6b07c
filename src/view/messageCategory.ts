// How the views tell messages apart (shape and colour in the topology, colour in the sequence diagram):
// requests, responses, session-store traffic, replication, and the rest.

import type { MessageType } from '../simulation/trace.ts';

export type Category = 'request' | 'response' | 'store' | 'replication' | 'other';

/** Messages drawn as "other" (every other message type is in categories). */
type Other = 'ha.heartbeat' | 'ha.leave' | 'ha.socketClosed' | 'ha.view' | 'tcp.refused' | 'tcp.reset';

/**
 * The category of each message type that is not "other"; with Other it names every type (checked
 * below), so a new message type must be placed. The plug-in's extended handshake and its request
 * headers (Expect: 100-continue) are requests, the member's answers to them responses.
 */
export const categories: Readonly<Record<Exclude<MessageType, Other>, Exclude<Category, 'other'>>> = {
  'db.connectionLost': 'store',
  'handshake.ok': 'response',
  'http.continue': 'response',
  'http.expectContinue': 'request',
  'http.handshake': 'request',
  'http.request': 'request',
  'http.response': 'response',
  'replica.fetch': 'replication',
  'replica.fetchResult': 'replication',
  'replica.remove': 'replication',
  'replica.update': 'replication',
  'session.delete': 'store',
  'session.read': 'store',
  'session.readResult': 'store',
  'session.write': 'store',
  'session.writeFailed': 'store',
  'session.written': 'store',
  'tcp.accepted': 'response',
  'tcp.connect': 'request',
};

/** Holds (compiles) only if every message type is either in categories or in Other, never both. */
export type EveryMessagePlaced = Holds<
  [Exclude<MessageType, keyof typeof categories | Other>, Extract<keyof typeof categories, Other>] extends [
    never,
    never,
  ]
    ? true
    : false
>;
type Holds<T extends true> = T;

/** The category of a message of `type` (anything else: other). */
export function category(type: string): Category {
  return (categories as Readonly<Record<string, Category>>)[type] ?? 'other';
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
