import type { StudioClient } from '../../../../shared/contract';
import { broadcastController, type BroadcastController } from './broadcast-controller';

const logged = new WeakSet<BroadcastController>();

/**
 * The studio's broadcast controller, with its scene log attached (once): while the class is live,
 * the scene it went live with and every switch after are sent to the core, which stores them for
 * Review's timeline (`review.recordScene`; the core ignores a repeat of the scene in force).
 */
export function withSceneLog(client: StudioClient): BroadcastController {
  const controller = broadcastController(client);
  if (logged.has(controller)) return controller;
  logged.add(controller);
  let sent: string | null = null;
  controller.subscribe(() => {
    const { phase, sessionId, scene } = controller.snapshot();
    if (phase !== 'live' || sessionId === null) {
      sent = null;
      return;
    }
    const key = `${String(sessionId)}:${scene}`;
    if (key === sent) return;
    sent = key;
    // A lost scene switch costs a marker on the timeline, never the class: errors stay here.
    const forget = (): void => {
      if (sent === key) sent = null;
    };
    try {
      client.invoke('review.recordScene', { sessionId, scene }).catch(forget);
    } catch {
      forget();
    }
  });
  return controller;
}
