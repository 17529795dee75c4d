import type { StudioClient } from '../../../../shared/contract';
import { remember, remembered, message } from './broadcast-prefs';
import { PORTRAIT_LAYOUTS, PORTRAIT_SIZE, type PortraitLayout } from './portrait';
import { nextPortraitFps, PORTRAIT_FPS_STEPS, type PortraitFps } from './portrait-fps';
import type { Program, SceneId } from './program';
import { ChunkRecorder } from './recorder';

/**
 * The portrait canvas's owner beside the BroadcastController: whether it is composed, its layout
 * per scene, its stream to the core (`canvas.*`, to the outputs on the portrait canvas) while
 * live, and its frame rate, lowered first when the machine cannot keep up (portrait.ts).
 */
export interface PortraitSnapshot {
  enabled: boolean;
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
  #lastDropped = 0;

  constructor(client: StudioClient, program: Program) {
    this.#client = client;
    this.#program = program;
    this.#snapshot = {
      enabled: remembered(STORE.enabled) === 'on',
      layouts: rememberedLayouts(),
      targetFps: PORTRAIT_FPS_STEPS[0],
      fps: 0,
      streaming: false,
      outputs: 0,
      error: null,
    };
    program.setPortraitLayouts(this.#snapshot.layouts);
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

  setLayout(scene: SceneId, layout: PortraitLayout): void {
    const layouts = { ...this.#snapshot.layouts, [scene]: layout };
    remember(STORE.layouts, JSON.stringify(layouts));
    this.#program.setPortraitLayouts(layouts);
    this.#set({ layouts });
  }

  /** Going live: the portrait stream starts before the recording, so its outputs take it at once. */
  async start(mimeType: string): Promise<void> {
    if (!this.#snapshot.enabled || this.#recorder) return;
    try {
      const started = await this.#client.invoke('canvas.start', {
        canvas: 'portrait',
        mimeType,
        ...PORTRAIT_SIZE,
      });
      const recorder = new ChunkRecorder({
        send: (seq, bytes) =>
          this.#client.invoke('canvas.append', { canvas: 'portrait', seq, bytes }),
        stream: this.#program.portraitStream(),
        mimeType,
        videoBitsPerSecond: PORTRAIT_BITRATE,
        onError: (text) => this.#set({ error: text }),
      });
      recorder.start();
      this.#recorder = recorder;
      this.#set({ streaming: true, outputs: started.outputs, error: null });
    } catch (error) {
      // The class goes on without the portrait canvas; the card says why.
      this.#set({ error: message(error) });
    }
  }

  async stop(): Promise<void> {
    const recorder = this.#recorder;
    if (!recorder) return;
    this.#recorder = null;
    try {
      await recorder.stop();
      await this.#client.invoke('canvas.stop', { canvas: 'portrait' });
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
      this.#lastDropped = this.#program.frameStats().dropped;
      this.#timer = setInterval(() => this.#check(), 1_000);
    } else if (!enabled && this.#timer !== null) {
      clearInterval(this.#timer);
      this.#timer = null;
      this.#set({ fps: 0, targetFps: PORTRAIT_FPS_STEPS[0] });
      this.#program.setPortraitFps(PORTRAIT_FPS_STEPS[0]);
    }
  }

  #check(): void {
    try {
      const { dropped } = this.#program.frameStats();
      // The program's count restarts when the class goes live.
      const droppedPerSecond = dropped >= this.#lastDropped ? dropped - this.#lastDropped : dropped;
      this.#lastDropped = dropped;
      const next = nextPortraitFps(
        this.#snapshot.targetFps,
        { droppedPerSecond },
        this.#calmSeconds,
      );
      this.#calmSeconds = next.calmSeconds;
      if (next.fps !== this.#snapshot.targetFps) this.#program.setPortraitFps(next.fps);
      this.#set({ targetFps: next.fps, fps: this.#program.portraitFrameRate() });
    } catch {
      // A timer never throws to the event loop; the next second looks again.
    }
  }

  #set(patch: Partial<PortraitSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const listener of this.#listeners) listener();
  }
}
