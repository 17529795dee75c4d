import { availableParallelism } from 'node:os';
import type { types as ms } from 'mediasoup';
import { StudioError } from '../../../shared/contract';
import type { WebRtcUnavailableReason } from '../../../shared/contract/webrtc-api';
import { guarded } from '../../kernel/guarded';
import { probeMediasoup, type MediasoupModule, type MediasoupProbe } from './mediasoup-loader';
import { workerCount } from './placement';
import {
  MAX_RESPAWNS,
  MAX_WORKERS,
  RESPAWN_DELAY_MS,
  type RtcContext,
  type WorkerSlot,
} from './webrtc-types';

// The mediasoup workers: probed for at once, started with the first class that needs them (one
// per core, at most MAX_WORKERS), restarted when one dies (at most MAX_RESPAWNS times per slot);
// when none is left, WebRTC delivery is off and viewers use the HTTP stream.

export class WorkerPool {
  readonly #ctx: RtcContext;
  /** A worker died: its rooms and transports are dropped (webrtc-rooms.ts). */
  readonly #onDied: (slot: number) => void;
  /** WebRTC delivery went off: the studio is told (`webrtc.changed`). */
  readonly #onFailure: () => void;
  readonly probe: Promise<MediasoupProbe>;
  #probed: MediasoupProbe | null = null;
  #slots: WorkerSlot[] = [];
  #starting: Promise<void> | null = null;
  #failure: { reason: WebRtcUnavailableReason; detail: string } | null = null;

  constructor(ctx: RtcContext, onDied: (slot: number) => void, onFailure: () => void) {
    this.#ctx = ctx;
    this.#onDied = onDied;
    this.#onFailure = onFailure;
    const { config, logger } = ctx;
    this.probe =
      config.enabled === false
        ? Promise.resolve({ available: false, reason: 'disabled', detail: 'WebRTC is turned off' })
        : probeMediasoup(config.workerBin);
    void this.probe.then((probe) => {
      this.#probed = probe;
      if (probe.available) {
        logger.info(
          { mediasoup: probe.mediasoup.version, workerBin: probe.workerBin },
          'WebRTC delivery is available',
        );
        probe.mediasoup.setLogEventListeners?.({
          onwarn: (namespace, log) => logger.warn({ namespace }, log),
          onerror: (namespace, log, error) => logger.error({ namespace, err: error }, log),
        });
      } else {
        // Said once, here; the studio shows the same reason from `webrtc.status`.
        logger.warn(
          { reason: probe.reason, detail: probe.detail },
          'WebRTC delivery is off; viewers use the HTTP stream',
        );
      }
    });
  }

  /** The probe's answer once it has come; null while it is still running. */
  get probed(): MediasoupProbe | null {
    return this.#probed;
  }

  get failure(): { reason: WebRtcUnavailableReason; detail: string } | null {
    return this.#failure;
  }

  get slots(): readonly WorkerSlot[] {
    return this.#slots;
  }

  /** The worker of a slot, when it is running. */
  worker(index: number): ms.Worker | null {
    return this.#slots[index]?.worker ?? null;
  }

  async mediasoup(): Promise<MediasoupModule> {
    const probe = await this.probe;
    if (!probe.available) throw new StudioError('UNAVAILABLE', `WebRTC is off: ${probe.detail}`);
    if (this.#ctx.closed()) throw new StudioError('UNAVAILABLE', 'the studio is shutting down');
    if (this.#failure)
      throw new StudioError('UNAVAILABLE', `WebRTC is off: ${this.#failure.detail}`);
    return probe.mediasoup;
  }

  async ensureWorkers(): Promise<void> {
    const mediasoup = await this.mediasoup();
    if (this.#slots.some((s) => s.worker !== null)) return;
    this.#starting ??= (async () => {
      const count = this.#ctx.config.workers ?? workerCount(availableParallelism(), MAX_WORKERS);
      const slots: WorkerSlot[] = [];
      for (let index = 0; index < count; index += 1)
        slots.push({ index, worker: null, respawns: 0 });
      this.#slots = slots;
      const started = await Promise.allSettled(slots.map((slot) => this.#spawn(mediasoup, slot)));
      const failed = started.filter((r) => r.status === 'rejected');
      if (failed.length === slots.length) {
        const first = failed[0] as PromiseRejectedResult;
        const detail = `mediasoup-worker would not start: ${String(first.reason)}`;
        this.#failure = { reason: 'worker-failed', detail };
        this.#ctx.logger.error(
          { err: first.reason },
          'WebRTC delivery is off; viewers use the HTTP stream',
        );
      }
    })().finally(() => {
      this.#starting = null;
    });
    await this.#starting;
    await this.mediasoup();
  }

  async #spawn(mediasoup: MediasoupModule, slot: WorkerSlot): Promise<void> {
    const probe = this.#probed;
    const worker = await mediasoup.createWorker({
      logLevel: 'warn',
      ...(probe?.available ? { workerBin: probe.workerBin } : {}),
      appData: { slot: slot.index },
    });
    if (this.#ctx.closed()) {
      worker.close();
      return;
    }
    slot.worker = worker;
    worker.on(
      'died',
      guarded({ logger: this.#ctx.logger }, 'WebRTC worker death', (error: Error) =>
        this.#onWorkerDied(slot, worker, error),
      ),
    );
  }

  #onWorkerDied(slot: WorkerSlot, worker: ms.Worker, error: Error): void {
    if (slot.worker !== worker) return;
    slot.worker = null;
    const { logger } = this.#ctx;
    logger.error(
      { err: error, worker: slot.index, pid: worker.pid },
      'a mediasoup worker died; its classes fall back to the HTTP stream',
    );
    this.#onDied(slot.index);
    if (this.#ctx.closed() || slot.respawns >= MAX_RESPAWNS) {
      if (this.#slots.every((s) => s.worker === null) && !this.#ctx.closed()) {
        this.#failure = { reason: 'worker-failed', detail: 'every mediasoup worker died' };
        this.#onFailure();
      }
      return;
    }
    slot.respawns += 1;
    setTimeout(
      guarded({ logger }, 'WebRTC worker respawn', () => {
        const probe = this.#probed;
        if (this.#ctx.closed() || !probe?.available) return;
        this.#spawn(probe.mediasoup, slot).then(
          () => logger.info({ worker: slot.index }, 'mediasoup worker restarted'),
          (respawnError: unknown) => {
            logger.error(
              { err: respawnError, worker: slot.index },
              'mediasoup worker restart failed',
            );
            if (this.#slots.every((s) => s.worker === null)) {
              this.#failure = {
                reason: 'worker-failed',
                detail: 'mediasoup workers could not be restarted',
              };
              this.#onFailure();
            }
          },
        );
      }),
      RESPAWN_DELAY_MS,
    ).unref();
  }

  /** Stops every worker (the service is closing). */
  close(): void {
    for (const slot of this.#slots) {
      slot.worker?.close();
      slot.worker = null;
    }
  }
}
