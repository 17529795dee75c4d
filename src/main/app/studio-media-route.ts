import { timingSafeEqual } from 'node:crypto';
import type { HttpRoute } from '../audience/audience-config';
import { clientAddress, isLoopback } from '../net/connection-gate';
import type { Db } from '../storage/connection';
import { RECORDING_MEDIA_PREFIX } from '../../shared/contract/review-api';
import { resolveRecordingFile, sendRecording } from '../review/recording-media';

/**
 * The class recordings for the desktop app's Review player. The Electron studio page is a file
 * (no server of its own behind `/media/recordings/<id>`), and Chromium's media stack plays and
 * seeks reliably only over HTTP with byte ranges; so the audience server, already listening,
 * serves them at `/studio-media/<token>/recordings/<id>` — to loopback callers only, with a
 * random token made at start (another program on this computer cannot guess it, and nobody on
 * the LAN reaches it at all). Anything else falls through to the server's 404.
 */
export const STUDIO_MEDIA_PREFIX = '/studio-media/';

export function createStudioMediaRoute(deps: {
  db: () => Db;
  workspaceDir: () => string;
  token: string;
}): HttpRoute {
  const expected = Buffer.from(deps.token);
  return {
    handle(req, res, ctx) {
      if (!ctx.path.startsWith(STUDIO_MEDIA_PREFIX)) return false;
      const address = clientAddress(req.socket);
      if (address === null || !isLoopback(address)) return false;
      const rest = ctx.path.slice(STUDIO_MEDIA_PREFIX.length);
      const slash = rest.indexOf('/');
      if (slash < 0) return false;
      const token = Buffer.from(rest.slice(0, slash));
      if (token.length !== expected.length || !timingSafeEqual(token, expected)) return false;
      // The rest is the browser host's path: /media/recordings/<id>.
      const path = rest.slice(slash);
      if (!path.startsWith(RECORDING_MEDIA_PREFIX)) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const target = resolveRecordingFile(
        deps.db(),
        deps.workspaceDir(),
        path.slice(RECORDING_MEDIA_PREFIX.length),
      );
      if (!target) return false;
      sendRecording(req, res, target, ctx.headers);
      return true;
    },
  };
}
