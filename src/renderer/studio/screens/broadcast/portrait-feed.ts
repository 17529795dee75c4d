import type { StudioClient } from '../../../../shared/contract';
import type { RecordingInfo } from '../../../../shared/contract/broadcast-api';
import type { SessionId } from '../../../../shared/model/ids';
import { remember, remembered, message } from './broadcast-prefs';
import { PORTRAIT_LAYOUTS, PORTRAIT_SIZE, type PortraitLayout } from './portrait';
import { nextPortraitFps, PORTRAIT_FPS_STEPS, type PortraitFps } from './portrait-fps';
import type { Program, SceneId } from './program';
import { DroppedSince } from './frame-drops';
import { ChunkRecorder } from './recorder';

/**
 * The portrait canvas's owner beside the BroadcastController: whether it is composed, its layout
 * per scene, its stream to the core (`canvas.*`, to the outputs on the portrait canvas) while
 * live, and its frame rate, lowered first when the machine cannot keep up (portrait.ts).
 */
export interface PortraitSnapshot {
  enabled: boolean;
  /** Also record the portrait program, as a second file of the class (issue #16). */
  record: boolean;
  /** The portrait recording of the class going on now (or the last one). */
  recording: RecordingInfo | null;
  layouts: Record<SceneId, PortraitLayout>;
  /** The frame rate asked for now: below 30 when lowered to keep the landscape program going. */
  targetFps: PortraitFps;
  /** Frames drawn over the last second. */
  fps: number;
  streaming: boolean;
  /** Destinations on the portrait canvas, as the core counted them at the start. */
  outputs: number;
  error: string | null;
}

const STORE = {
  enabled: 'encore.broadcast.portrait',
  record: 'encore.broadcast.portraitRecord',
  layouts: 'encore.broadcast.portraitLayouts',
} as const;
const DEFAULT_LAYOUTS: Record<SceneId, PortraitLayout> = {
  pip: 'screen-large',
  camera: 'camera-large',
  screen: 'screen-large',
};
const PORTRAIT_BITRATE = 4_500_000;

function rememberedLayouts(): Record<SceneId, PortraitLayout> {
  try {
    const parsed: unknown = JSON.parse(remembered(STORE.layouts) ?? 'null');
    if (parsed === null || typeof parsed !== 'object') return DEFAULT_LAYOUTS;
    const record = parsed as Record<string, unknown>;
    const pick = (scene: SceneId): PortraitLayout => {
      const value = record[scene];
      return PORTRAIT_LAYOUTS.find((l) => l === value) ?? DEFAULT_LAYOUTS[scene];
    };
    return { pip: pick('pip'), camera: pick('camera'), screen: pick('screen') };
  } catch {
    return DEFAULT_LAYOUTS;
  }
}

export class PortraitFeed {
  readonly #client: StudioClient;
  readonly #program: Program;
  readonly #listeners = new Set<() => void>();
  #snapshot: PortraitSnapshot;
  #recorder: ChunkRecorder | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #calmSeconds = 0;
  #drops = new DroppedSince();

  constructor(client: StudioClient, program: Program) {
    this.#client = client;
    this.#program = program;
    this.#snapshot = {
      enabled: remembered(STORE.enabled) === 'on',
      record: remembered(STORE.record) === 'on',
      recording: null,
      layouts: rememberedLayouts(),
      targetFps: PORTRAIT_FPS_STEPS[0],
      fps: 0,
      streaming: false,
      outputs: 0,
      error: null,
    };
    program.setPortraitLayouts(this.#snapshot.layouts);
    client.on('recording.changed', (recording) => {
      if (recording.id === this.#snapshot.recording?.id) this.#set({ recording });
    });
    this.#apply();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  snapshot = (): PortraitSnapshot => this.#snapshot;

  /** On or off; not while its stream runs (the outputs on it would lose their picture). */
  setEnabled(enabled: boolean): void {
    if (this.#snapshot.streaming) return;
    remember(STORE.enabled, enabled ? 'on' : null);
    this.#set({ enabled });
    this.#apply();
  }

  /** Record the portrait program too; not while its stream runs. */
  setRecord(record: boolean): void {
    if (this.#snapshot.streaming) return;
    remember(STORE.record, record ? 'on' : null);
    this.#set({ record });
  }

  setLayout(scene: SceneId, layout: PortraitLayout): void {
    const layouts = { ...this.#snapshot.layouts, [scene]: layout };
    remember(STORE.layouts, JSON.stringify(layouts));
    this.#program.setPortraitLayouts(layouts);
    this.#set({ layouts });
  }

  /** Going live: the portrait stream starts before the recording, so its outputs take it at once. */
  async start(mimeType: string, sessionId: SessionId): Promise<void> {
    if (!this.#snapshot.enabled || this.#recorder) return;
    this.#set({ error: null });
    try {
      const started = await this.#client.invoke('canvas.start', {
        canvas: 'portrait',
        mimeType,
        ...PORTRAIT_SIZE,
      });
      // The same chunks go to the portrait outputs and, when asked, to the class's second file.
      const recording = this.#snapshot.record
        ? await this.#startRecording(mimeType, sessionId)
        : null;
      const recorder = new ChunkRecorder({
        send: async (seq, bytes) => {
          await this.#client.invoke('canvas.append', { canvas: 'portrait', seq, bytes });
          if (recording) {
            await this.#client.invoke('recording.append', {
              recordingId: recording.id,
              seq,
              bytes,
            });
          }
        },
        stream: this.#program.portraitStream(),
        mimeType,
        videoBitsPerSecond: PORTRAIT_BITRATE,
        onError: (text) => this.#set({ error: text }),
      });
      recorder.start();
      this.#recorder = recorder;
      this.#set({ streaming: true, outputs: started.outputs });
    } catch (error) {
      // The class goes on without the portrait canvas; the card says why.
      this.#set({ error: message(error) });
    }
  }

  /** A portrait recording that cannot start (disk short) leaves the portrait outputs going. */
  async #startRecording(mimeType: string, sessionId: SessionId): Promise<RecordingInfo | null> {
    try {
      const recording = await this.#client.invoke('recording.start', {
        sessionId,
        mimeType,
        canvas: 'portrait',
      });
      this.#set({ recording });
      return recording;
    } catch (error) {
      this.#set({ recording: null, error: message(error) });
      return null;
    }
  }

  async stop(): Promise<void> {
    const recorder = this.#recorder;
    if (!recorder) return;
    this.#recorder = null;
    try {
      await recorder.stop();
      await this.#client.invoke('canvas.stop', { canvas: 'portrait' });
      const { recording } = this.#snapshot;
      if (recording) {
        const stopped = await this.#client.invoke('recording.stop', { recordingId: recording.id });
        this.#set({ recording: stopped });
      }
    } catch (error) {
      this.#set({ error: message(error) });
    }
    this.#set({ streaming: false });
  }

  /** Composing on or off, and the once-a-second load check while on. */
  #apply(): void {
    const { enabled } = this.#snapshot;
    this.#program.setPortrait(enabled);
    if (enabled && this.#timer === null) {
      this.#drops = new DroppedSince(this.#program.frameStats().dropped);
      this.#timer = setInterval(() => this.#check(), 1_000);
    } else if (!enabled && this.#timer !== null) {
      clearInterval(this.#timer);
      this.#timer = null;
      this.#set({ fps: 0, targetFps: PORTRAIT_FPS_STEPS[0] });
      this.#program.setPortraitFps(PORTRAIT_FPS_STEPS[0]);
      this.#reportLoad(PORTRAIT_FPS_STEPS[0]);
    }
  }

  #check(): void {
    try {
      const droppedPerSecond = this.#drops.next(this.#program.frameStats().dropped);
      const next = nextPortraitFps(
        this.#snapshot.targetFps,
        { droppedPerSecond },
        this.#calmSeconds,
      );
      this.#calmSeconds = next.calmSeconds;
      if (next.fps !== this.#snapshot.targetFps) {
        this.#program.setPortraitFps(next.fps);
        this.#reportLoad(next.fps);
      }
      this.#set({ targetFps: next.fps, fps: this.#program.portraitFrameRate() });
    } catch {
      // A timer never throws to the event loop; the next second looks again.
    }
  }

  /** The core's health says so on every screen while the portrait rate is lowered. */
  #reportLoad(fps: PortraitFps): void {
    this.#client
      .invoke('canvas.load', { canvas: 'portrait', fps, fullFps: PORTRAIT_FPS_STEPS[0] })
      .catch(() => undefined);
  }

  #set(patch: Partial<PortraitSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const listener of this.#listeners) listener();
  }
}
