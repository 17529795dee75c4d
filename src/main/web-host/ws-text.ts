import type WebSocket from 'ws';

/** The text of a `ws` message, whichever of its buffer shapes it arrived as. */
export function wsText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
