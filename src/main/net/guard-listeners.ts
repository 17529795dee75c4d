import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../kernel/logger';

/**
 * Wrappers for an HTTP server's `request` and `upgrade` listeners: whatever a handler throws is
 * logged and answered (500, or the socket is cut), never passed to the event loop, where it would
 * end the process and the class with it.
 */
export function guardRequests(
  logger: Logger,
  name: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    try {
      handler(req, res);
    } catch (error) {
      logger.error({ err: error }, `${name}: request failed`);
      try {
        if (!res.headersSent) res.writeHead(500, { Connection: 'close' });
        res.end();
      } catch {
        res.destroy();
      }
    }
  };
}

export function guardUpgrades(
  logger: Logger,
  name: string,
  handler: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    // Node removes its own error listener before `upgrade`: a reset while a refusal is being
    // written would otherwise be an uncaught 'error' event.
    socket.on('error', (error) => logger.debug({ err: error }, `${name}: upgrade socket error`));
    try {
      handler(req, socket, head);
    } catch (error) {
      logger.error({ err: error }, `${name}: upgrade failed`);
      socket.destroy();
    }
  };
}

/** Answers a refused upgrade with a status line and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: 400 | 401 | 404 | 429 | 503): void {
  const text = {
    400: 'Bad Request',
    401: 'Unauthorized',
    404: 'Not Found',
    429: 'Too Many Requests',
    503: 'Service Unavailable',
  }[status];
  if (socket.writable)
    socket.end(`HTTP/1.1 ${String(status)} ${text}\r\nConnection: close\r\n\r\n`);
  else socket.destroy();
}
