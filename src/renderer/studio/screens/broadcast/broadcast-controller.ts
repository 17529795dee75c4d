import i18next from 'i18next';
import type { StudioClient } from '../../../../shared/contract';
import type { BroadcastHealth } from '../../../../shared/contract/broadcast-api';
import type { SessionId } from '../../../../shared/model/ids';
import {
  CARDS_REFETCH_MS,
  initialSnapshot,
  STORE,
  VIDEO_BITRATE,
  type BroadcastSnapshot,
  type DeviceKind,
  type DeviceOption,
} from './broadcast-snapshot';
import { captureScreen, type ScreenCapture } from './capture';
import { DroppedSince } from './frame-drops';
import { HttpFeed } from './http-feed';
import { cardLabels, message, remember } from './broadcast-prefs';
import { offerOnSale, pickLiveCards, type LiveCardChoice } from './live-cards';
import { PortraitFeed } from './portrait-feed';
import { Program, type Overlay, type ResolutionId, type SceneId } from './program';
import { ChunkRecorder } from './recorder';
import { webrtcVideoBitrate } from './webrtc-encoding';
import { WebRtcPublisher } from './webrtc-publisher';

export type { BroadcastSnapshot, DeviceOption } from './broadcast-snapshot';

/**
 * The page's one broadcast owner: sources, the program, the recorder and the live state. React
 * reads it through `subscribe`/`snapshot` (useSyncExternalStore); it outlives the Broadcast
 * screen so that a class keeps going while the educator works in the Live panel.
 */
export class BroadcastController {
  readonly program: Program;
  /** The portrait canvas beside the program (portrait-feed.ts). */
  readonly portrait: PortraitFeed;
  readonly #client: StudioClient;
  readonly #listeners = new Set<() => void>();
  #snapshot: BroadcastSnapshot;
  #recorder: ChunkRecorder | null = null;
  readonly #publisher: WebRtcPublisher;
  /** The HTTP stream's low-latency feed (http-feed.ts). */
  readonly #feed: HttpFeed;
  #started = false;
  #cardsTimer: ReturnType<typeof setTimeout> | null = null;
  #cardsRequest = 0;
  readonly #drops = new DroppedSince();

  constructor(client: StudioClient) {
    this.#client = client;
    this.program = new Program();
    this.portrait = new PortraitFeed(client, this.program);
    this.#snapshot = initialSnapshot();
    this.#publisher = new WebRtcPublisher(client, (webrtc) => this.#set({ webrtc }));
    this.#feed = new HttpFeed(client, (httpFeed) => this.#set({ httpFeed }));
    this.program.setScene(this.#snapshot.scene);
    this.program.setResolution(this.#snapshot.resolution);
    client.on('broadcast.health', (health) => this.#onHealth(health));
    client.on('recording.changed', (recording) => {
      if (recording.id === this.#snapshot.recording?.id) this.#set({ recording });
    });
    const onLiveChange = (payload: { sessionId: number } | { id: number }): void => {
      const id = 'sessionId' in payload ? payload.sessionId : payload.id;
      if (id === this.#snapshot.sessionId) this.#scheduleCards();
    };
    client.on('question.changed', onLiveChange);
    client.on('poll.changed', onLiveChange);
    client.on('offer.changed', onLiveChange);
    client.on('session.changed', onLiveChange);
    i18next.on('languageChanged', () => this.#scheduleCards());
    client.on('webrtc.changed', (status) => {
      if (status.session && status.session.sessionId === this.#snapshot.sessionId) {
        this.#set({ health: { ...this.#snapshot.health, webrtcViewers: status.session.viewers } });
      }
      // The class's router is gone (its worker crashed) while publishing: publish again.
      if (status.session?.sessionId === this.#snapshot.sessionId && status.session.routers === 0) {
        this.#publisher.roomLost();
      }
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  snapshot = (): BroadcastSnapshot => this.#snapshot;

  /** Opens the devices (once): called when the Broadcast screen first shows. */
  async init(placeholder: string): Promise<void> {
    this.program.setPlaceholder(placeholder);
    if (this.#started) return;
    this.#started = true;
    this.program.start();
    // Page lifetime, like the controller itself.
    setInterval(() => this.#tickStats(), 1_000);
    navigator.mediaDevices.addEventListener('devicechange', () => void this.#onDeviceChange());
    await this.#listDevices();
    await Promise.all([
      this.selectCamera(this.#snapshot.cameraId),
      this.selectMicrophone(this.#snapshot.microphoneId),
    ]);
    // Labels are hidden until a permission is granted: list again now that one is.
    await this.#listDevices();
  }

  setPlaceholder(text: string): void {
    this.program.setPlaceholder(text);
  }

  async selectCamera(deviceId: string | null): Promise<void> {
    const choice = this.#usable(deviceId, this.#snapshot.cameras);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: {
          ...(choice ? { deviceId: { exact: choice } } : {}),
          width: { ideal: 1280 },
          height: { ideal: 720 },
          frameRate: { ideal: 30 },
        },
      });
      this.program.setCamera(stream);
      const actual = stream.getVideoTracks()[0]?.getSettings().deviceId ?? choice;
      remember(STORE.camera, deviceId === null ? null : (actual ?? null));
      this.#set({ cameraId: actual ?? null, cameraError: null });
    } catch (error) {
      this.program.setCamera(null);
      this.#set({ cameraId: null, cameraError: message(error) });
    }
  }

  async selectMicrophone(deviceId: string | null): Promise<void> {
    const choice = this.#usable(deviceId, this.#snapshot.microphones);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          ...(choice ? { deviceId: { exact: choice } } : {}),
          echoCancellation: true,
          noiseSuppression: true,
          autoGainControl: true,
        },
      });
      this.program.setMicrophone(stream);
      const actual = stream.getAudioTracks()[0]?.getSettings().deviceId ?? choice;
      remember(STORE.microphone, deviceId === null ? null : (actual ?? null));
      this.#set({ microphoneId: actual ?? null, microphoneError: null });
    } catch (error) {
      this.program.setMicrophone(null);
      this.#set({ microphoneId: null, microphoneError: message(error) });
    }
  }

  /** The browser's picker by default; the desktop app passes the source its picker chose. */
  async shareScreen(capture?: ScreenCapture): Promise<void> {
    try {
      const stream = await captureScreen(capture);
      stream.getVideoTracks()[0]?.addEventListener('ended', () => this.stopScreen());
      this.program.setScreen(stream);
      this.#set({
        screenActive: true,
        screenHasAudio: this.program.hasDisplayAudio,
        screenError: null,
      });
    } catch (error) {
      this.#set({ screenError: message(error) });
    }
  }

  stopScreen(): void {
    this.program.setScreen(null);
    this.#set({ screenActive: false, screenHasAudio: false });
  }

  setScene(scene: SceneId): void {
    this.program.setScene(scene);
    remember(STORE.scene, scene);
    this.#set({ scene });
  }

  /** The canvas size cannot change under a running recorder. */
  setResolution(resolution: ResolutionId): void {
    if (this.#snapshot.phase !== 'idle') return;
    this.program.setResolution(resolution);
    remember(STORE.resolution, resolution);
    this.#set({ resolution });
  }

  setOverlay(overlay: Overlay): void {
    this.program.setOverlay(overlay);
    this.#set({ overlay });
  }

  setLiveCards(liveCards: LiveCardChoice): void {
    remember(STORE.liveCards, JSON.stringify(liveCards));
    this.#set({ liveCards });
    this.#scheduleCards();
  }

  setTimecode(timecode: boolean): void {
    this.program.setTimecode(timecode);
    this.#set({ timecode });
  }

  setMuted(muted: boolean): void {
    this.program.setMuted(muted);
    this.#set({ muted });
  }

  setMicGain(micGain: number): void {
    this.program.setMicGain(micGain);
    this.#set({ micGain });
  }

  setDisplayGain(displayGain: number): void {
    this.program.setDisplayGain(displayGain);
    this.#set({ displayGain });
  }

  setSession(sessionId: SessionId | null): void {
    if (this.#snapshot.phase !== 'idle') return;
    this.#set({ sessionId, recording: null, error: null });
    this.#scheduleCards();
    if (sessionId !== null) {
      void this.#publisher.check(sessionId);
      this.#client.invoke('broadcast.status', { sessionId }).then(
        (status) =>
          this.#set({
            health: {
              ...this.#snapshot.health,
              disk: status.disk,
              httpViewers: status.httpViewers,
            },
          }),
        () => undefined,
      );
    }
  }

  /**
   * Go live: the session goes live (if it is not already), a recording is registered (the core
   * checks the disk first), then the recorder starts on the program stream.
   */
  async goLive(): Promise<void> {
    const { sessionId, recorderType } = this.#snapshot;
    if (sessionId === null || this.#snapshot.phase !== 'idle') return;
    if (!recorderType) {
      this.#set({ error: 'MediaRecorder is not available in this browser' });
      return;
    }
    this.#set({ phase: 'starting', error: null });
    try {
      await this.program.resumeAudio();
      const state = await this.#client.invoke('live.state', { sessionId });
      if (state.session.status !== 'live' && state.session.status !== 'paused') {
        await this.#client.invoke('session.start', { sessionId });
      }
      const stream = this.program.stream();
      await this.portrait.start(recorderType, sessionId);
      const recording = await this.#client.invoke('recording.start', {
        sessionId,
        mimeType: recorderType,
      });
      const recorder = new ChunkRecorder({
        send: (seq, bytes) =>
          this.#client.invoke('recording.append', { recordingId: recording.id, seq, bytes }),
        stream,
        mimeType: recorderType,
        videoBitsPerSecond: VIDEO_BITRATE[this.#snapshot.resolution],
        onError: (text) => this.#set({ error: text }),
      });
      recorder.start();
      this.#recorder = recorder;
      this.#feed.attach(sessionId, stream, VIDEO_BITRATE[this.#snapshot.resolution]);
      this.program.resetStats();
      this.#set({ phase: 'live', recording, liveSince: Date.now() });
      // WebRTC comes on beside the recording; it never holds the class up.
      void this.#publisher.start(
        sessionId,
        stream,
        webrtcVideoBitrate(VIDEO_BITRATE[this.#snapshot.resolution]),
      );
    } catch (error) {
      await this.portrait.stop();
      this.#set({ phase: 'idle', error: message(error) });
    }
  }

  /** End: the recorder flushes its last chunk, the recording is closed, the session ends. */
  async end(): Promise<void> {
    const { sessionId, recording } = this.#snapshot;
    if (this.#snapshot.phase !== 'live' || sessionId === null) return;
    this.#set({ phase: 'stopping' });
    try {
      await this.#publisher.stop();
      await this.#feed.detach();
      await this.portrait.stop();
      await this.#recorder?.stop();
      this.#recorder = null;
      if (recording) {
        const stopped = await this.#client.invoke('recording.stop', { recordingId: recording.id });
        this.#set({ recording: stopped });
      }
      await this.#client.invoke('session.end', { sessionId });
      this.#set({ phase: 'idle', liveSince: null });
    } catch (error) {
      this.#set({ phase: 'idle', liveSince: null, error: message(error) });
    }
  }

  /** Refetches the live state (coalesced) and puts the chosen cards on the picture. */
  #scheduleCards(): void {
    if (this.#cardsTimer !== null) return;
    this.#cardsTimer = setTimeout(() => {
      this.#cardsTimer = null;
      void this.#refreshCards();
    }, CARDS_REFETCH_MS);
  }

  async #refreshCards(): Promise<void> {
    const { sessionId } = this.#snapshot;
    const request = ++this.#cardsRequest;
    if (sessionId === null) {
      this.program.setLiveCards([]);
      this.#set({ liveCardsShown: 0 });
      return;
    }
    try {
      const state = await this.#client.invoke('live.state', { sessionId, viewerLimit: 1 });
      // A newer refresh (or another class) has taken over meanwhile.
      if (request !== this.#cardsRequest || sessionId !== this.#snapshot.sessionId) return;
      const now = Date.now();
      const cards = pickLiveCards(
        state,
        this.#snapshot.liveCards,
        cardLabels(),
        i18next.language,
        now,
      );
      this.program.setLiveCards(cards);
      this.#set({ liveCardsShown: cards.length });
      // An offer's countdown ends without an event: look again when the soonest one runs out.
      const nextEnd = Math.min(
        ...state.offers.map((o) =>
          offerOnSale(o, now) && o.endsAt !== null ? o.endsAt : Infinity,
        ),
      );
      if (Number.isFinite(nextEnd)) setTimeout(() => this.#scheduleCards(), nextEnd - now + 50);
    } catch {
      // The panel shows live-state errors; the picture keeps its last cards.
    }
  }

  #usable(deviceId: string | null, options: DeviceOption[]): string | null {
    if (deviceId === null) return null;
    // Before the first listing (no permission yet) trust the remembered id.
    if (options.length === 0) return deviceId;
    return options.some((o) => o.deviceId === deviceId) ? deviceId : null;
  }

  async #listDevices(): Promise<void> {
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      const of = (kind: DeviceKind): DeviceOption[] =>
        devices
          .filter((d) => d.kind === kind && d.deviceId !== '')
          .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${kind} ${String(i + 1)}` }));
      this.#set({ cameras: of('videoinput'), microphones: of('audioinput') });
    } catch {
      this.#set({ cameras: [], microphones: [] });
    }
  }

  /** Hot-plug: a chosen device that vanished falls back to the default one. */
  async #onDeviceChange(): Promise<void> {
    await this.#listDevices();
    const { cameraId, microphoneId, cameras, microphones } = this.#snapshot;
    if (cameraId === null || !cameras.some((c) => c.deviceId === cameraId)) {
      if (cameras.length > 0 || cameraId !== null) await this.selectCamera(null);
    }
    if (microphoneId === null || !microphones.some((m) => m.deviceId === microphoneId)) {
      if (microphones.length > 0 || microphoneId !== null) await this.selectMicrophone(null);
    }
  }

  #onHealth(health: BroadcastHealth): void {
    if (health.recordingId !== this.#snapshot.recording?.id) return;
    this.#set({
      health: {
        ...this.#snapshot.health,
        bitrate: health.bitrate,
        httpViewers: health.httpViewers,
        httpOnFeed: health.httpOnFeed,
        httpSkips: health.httpSkips,
        disk: health.disk,
      },
    });
    this.#feed.viewers(health.httpFeedViewers);
  }

  #tickStats(): void {
    const frames = this.program.frameStats();
    this.#feed.tick(this.#drops.next(frames.dropped));
    const recorder = this.#recorder?.stats;
    this.#set({
      health: {
        ...this.#snapshot.health,
        fps: frames.fps,
        dropped: frames.dropped,
        bytesSent: recorder?.bytesSent ?? this.#snapshot.health.bytesSent,
        pendingChunks: recorder?.pending ?? 0,
      },
    });
  }

  #set(patch: Partial<BroadcastSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const listener of this.#listeners) listener();
  }
}

let instance: { client: StudioClient; controller: BroadcastController } | null = null;

/** The page's broadcast owner for this client (one per page). */
export function broadcastController(client: StudioClient): BroadcastController {
  if (instance?.client !== client)
    instance = { client, controller: new BroadcastController(client) };
  return instance.controller;
}
