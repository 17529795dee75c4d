import { StudioError } from '../../../shared/contract';
import type { webrtcMethods } from '../../../shared/contract/webrtc-api';
import type { Handler } from '../../kernel/router';
import type { Db } from '../../storage/connection';
import { getSession } from '../../storage/queries/live/sessions';
import type { WebRtcService } from './webrtc-service';

type WebRtcMethod = keyof typeof webrtcMethods;
export type WebRtcHandlerMap = { [M in WebRtcMethod]: Handler<M> };

/** Classes the studio may publish: live, or paused (going live starts them first). */
const PUBLISHABLE = new Set(['live', 'paused']);

/** The studio API's `webrtc.*` methods, over the one WebRtcService the studio owns. */
export function createWebRtcHandlers(deps: {
  db: () => Db;
  webrtc: WebRtcService;
}): WebRtcHandlerMap {
  const { webrtc } = deps;
  const publishable = (sessionId: number): void => {
    const session = getSession(deps.db(), sessionId);
    if (!session) throw new StudioError('NOT_FOUND', `no session ${String(sessionId)}`);
    if (!PUBLISHABLE.has(session.status)) {
      throw new StudioError('CONFLICT', `the session is ${session.status}, not live`);
    }
  };
  return {
    'webrtc.status': ({ sessionId }) => webrtc.status(sessionId),
    'webrtc.join': ({ sessionId }) => {
      publishable(sessionId);
      return webrtc.join(sessionId);
    },
    'webrtc.createTransport': ({ sessionId }) => {
      publishable(sessionId);
      return webrtc.createSendTransport(sessionId);
    },
    'webrtc.connectTransport': async ({ transportId, dtlsParameters }) => {
      await webrtc.connectTransport(transportId, dtlsParameters);
      return {};
    },
    'webrtc.produce': async ({ transportId, kind, rtpParameters }) => ({
      producerId: await webrtc.produce(transportId, kind, rtpParameters),
    }),
    'webrtc.closeProducer': ({ producerId }) => {
      webrtc.closeProducer(producerId);
      return {};
    },
    'webrtc.leave': ({ sessionId }) => {
      webrtc.leave(sessionId);
      return {};
    },
  };
}
