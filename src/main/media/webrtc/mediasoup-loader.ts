import { accessSync, constants } from 'node:fs';
import type { types as ms } from 'mediasoup';
import type { WebRtcUnavailableReason } from '../../../shared/contract/webrtc-api';
import { findMediasoupWorker } from './worker-location';

/** The part of the `mediasoup` module the studio uses. */
export interface MediasoupModule {
  version: string;
  workerBin: string;
  createWorker(settings: ms.WorkerSettings): Promise<ms.Worker>;
  setLogEventListeners?(listeners?: ms.LogEventListeners): void;
}

export type MediasoupProbe =
  | { available: true; mediasoup: MediasoupModule; workerBin: string }
  | { available: false; reason: WebRtcUnavailableReason; detail: string };

/**
 * Loads mediasoup if it is there. It is optional twice over: the npm package may be missing, and
 * its worker binary is never downloaded or built by `npm install` here (package.json denies its
 * install script; the binary comes from MEDIASOUP_WORKER_BIN, the cache `npm run setup:webrtc`
 * builds into (worker-location.ts), or a mediasoup install that built one). Either way the studio
 * carries on with the HTTP stream.
 */
export async function probeMediasoup(workerBin?: string): Promise<MediasoupProbe> {
  let mediasoup: MediasoupModule;
  try {
    // A variable keeps bundlers from resolving the optional package at build time.
    const name = 'mediasoup';
    const loaded = (await import(name)) as Partial<MediasoupModule> & {
      default?: Partial<MediasoupModule>;
    };
    const picked = typeof loaded.createWorker === 'function' ? loaded : loaded.default;
    if (!picked || typeof picked.createWorker !== 'function') {
      return {
        available: false,
        reason: 'package-missing',
        detail: 'mediasoup has no createWorker',
      };
    }
    mediasoup = picked as MediasoupModule;
  } catch (error) {
    return {
      available: false,
      reason: 'package-missing',
      detail: `the mediasoup package cannot be loaded: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const bin =
    workerBin ?? findMediasoupWorker({ version: mediasoup.version })?.path ?? mediasoup.workerBin;
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    return {
      available: false,
      reason: 'worker-missing',
      detail: `no mediasoup-worker at ${bin} (run npm run setup:webrtc, or set MEDIASOUP_WORKER_BIN to a worker built for mediasoup ${mediasoup.version})`,
    };
  }
  return { available: true, mediasoup, workerBin: bin };
}
