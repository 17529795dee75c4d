/**
 * The program: sources composed into one canvas (the picture) and one WebAudio mix (the sound),
 * handed out as a single MediaStream for the recorder (and, later, WebRTC and RTMP outputs).
 * One owner per page (see broadcast-controller.ts); it keeps running when the Broadcast screen is
 * not on display, so going to the Live panel does not stop the class.
 */

import { drawTimecode } from './draw-timecode';
import { drawLiveCards } from './draw-cards';
import {
  drawFitted,
  drawLowerThird,
  drawPlaceholder,
  videoReady,
  type Overlay,
} from './draw-scene';
import type { LiveCard } from './live-cards';
import { drawPortrait, PORTRAIT_SIZE, type PortraitLayout } from './portrait';

export type { Overlay } from './draw-scene';

export type SceneId = 'pip' | 'camera' | 'screen';
export const SCENES: readonly SceneId[] = ['pip', 'camera', 'screen'];

export type ResolutionId = '720p' | '1080p' | 'portrait';
export const RESOLUTIONS: Readonly<Record<ResolutionId, { width: number; height: number }>> = {
  '720p': { width: 1280, height: 720 },
  '1080p': { width: 1920, height: 1080 },
  portrait: { width: 1080, height: 1920 },
};
export const PROGRAM_FPS = 30;

export interface FrameStats {
  /** Frames drawn over the last second. */
  fps: number;
  /** Frame slots missed because the page was too busy to draw on time, since start. */
  dropped: number;
}

const BACKGROUND = '#10151f';
function levelOf(analyser: AnalyserNode, buffer: Float32Array<ArrayBuffer>): number {
  analyser.getFloatTimeDomainData(buffer);
  let sum = 0;
  for (const sample of buffer) sum += sample * sample;
  const rms = Math.sqrt(sum / buffer.length);
  // -60 dBFS … 0 dBFS mapped to 0 … 1.
  const db = 20 * Math.log10(Math.max(rms, 1e-6));
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

export class Program {
  readonly canvas: HTMLCanvasElement;
  readonly #ctx: CanvasRenderingContext2D;
  readonly #camera: HTMLVideoElement;
  readonly #screen: HTMLVideoElement;
  #cameraStream: MediaStream | null = null;
  #screenStream: MediaStream | null = null;
  #scene: SceneId = 'pip';
  #overlay: Overlay = { visible: false, title: '', subtitle: '' };
  #placeholder = '';
  #cards: readonly LiveCard[] = [];
  #timecode = false;
  #timer: ReturnType<typeof setInterval> | null = null;
  #frames: number[] = [];
  #dropped = 0;
  #lastFrameAt = 0;
  #stream: MediaStream | null = null;
  // The portrait canvas (portrait.ts): drawn beside this one when on, at its own frame rate.
  readonly portraitCanvas: HTMLCanvasElement;
  readonly #portraitCtx: CanvasRenderingContext2D;
  #portraitOn = false;
  #portraitFps = PROGRAM_FPS;
  #portraitLayouts: Record<SceneId, PortraitLayout> = {
    pip: 'screen-large',
    camera: 'camera-large',
    screen: 'screen-large',
  };
  #portraitLastAt = -Infinity;
  #portraitFrames: number[] = [];
  #portraitStream: MediaStream | null = null;

  // Audio: mic and display audio, each with its own gain, into one destination.
  #audio: AudioContext | null = null;
  #destination: MediaStreamAudioDestinationNode | null = null;
  #micSource: MediaStreamAudioSourceNode | null = null;
  #micStream: MediaStream | null = null;
  #micGain: GainNode | null = null;
  #micAnalyser: AnalyserNode | null = null;
  #displaySource: MediaStreamAudioSourceNode | null = null;
  #displayGain: GainNode | null = null;
  #meterBuffer = new Float32Array(1024);
  #micLevel = 1;
  #muted = false;

  constructor() {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'program-canvas';
    this.canvas.dataset.testid = 'program-canvas';
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('canvas 2D is not available');
    this.#ctx = ctx;
    this.#camera = Program.#videoElement();
    this.#screen = Program.#videoElement();
    this.setResolution('720p');
    this.portraitCanvas = document.createElement('canvas');
    this.portraitCanvas.className = 'portrait-canvas';
    this.portraitCanvas.dataset.testid = 'portrait-canvas';
    this.portraitCanvas.width = PORTRAIT_SIZE.width;
    this.portraitCanvas.height = PORTRAIT_SIZE.height;
    const portraitCtx = this.portraitCanvas.getContext('2d', { alpha: false });
    if (!portraitCtx) throw new Error('canvas 2D is not available');
    this.#portraitCtx = portraitCtx;
  }

  /** Whether the portrait canvas is composed (it costs CPU: off unless an output wants it). */
  setPortrait(on: boolean): void {
    this.#portraitOn = on;
    if (!on) this.#portraitFrames = [];
  }

  /** The portrait canvas's frame rate (lowered first when the machine cannot keep up). */
  setPortraitFps(fps: number): void {
    this.#portraitFps = Math.max(1, Math.min(PROGRAM_FPS, fps));
  }

  setPortraitLayouts(layouts: Record<SceneId, PortraitLayout>): void {
    this.#portraitLayouts = layouts;
  }

  /** The portrait canvas's stream: a frame whenever it is drawn, and the same audio mix. */
  portraitStream(): MediaStream {
    if (this.#portraitStream) return this.#portraitStream;
    const video = this.portraitCanvas.captureStream();
    this.#ensureAudio();
    const tracks = [...video.getVideoTracks()];
    // Its own copy of the mix's track: each recorder stops and flushes on its own.
    for (const track of this.#destination?.stream.getAudioTracks() ?? [])
      tracks.push(track.clone());
    this.#portraitStream = new MediaStream(tracks);
    return this.#portraitStream;
  }

  /** Portrait frames drawn over the last second. */
  portraitFrameRate(): number {
    const now = performance.now();
    this.#portraitFrames = this.#portraitFrames.filter((at) => at > now - 1000);
    return this.#portraitFrames.length;
  }

  static #videoElement(): HTMLVideoElement {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.autoplay = true;
    return video;
  }

  get size(): { width: number; height: number } {
    return { width: this.canvas.width, height: this.canvas.height };
  }

  setResolution(id: ResolutionId): void {
    const { width, height } = RESOLUTIONS[id];
    this.canvas.width = width;
    this.canvas.height = height;
  }

  setScene(scene: SceneId): void {
    this.#scene = scene;
  }

  setOverlay(overlay: Overlay): void {
    this.#overlay = overlay;
  }

  /** The live panel's cards (pinned question, offer, poll) drawn over the scene. */
  setLiveCards(cards: readonly LiveCard[]): void {
    this.#cards = cards;
  }

  /** A clock burned into the picture's top edge, for measuring delay (common/timecode.ts). */
  setTimecode(on: boolean): void {
    this.#timecode = on;
  }

  /** Shown where a source is missing ("Share a screen", "No camera"). */
  setPlaceholder(text: string): void {
    this.#placeholder = text;
  }

  setCamera(stream: MediaStream | null): void {
    for (const track of this.#cameraStream?.getTracks() ?? []) {
      if (!stream?.getTracks().includes(track)) track.stop();
    }
    this.#cameraStream = stream;
    this.#camera.srcObject = stream;
    if (stream) void this.#camera.play().catch(() => undefined);
  }

  setScreen(stream: MediaStream | null): void {
    for (const track of this.#screenStream?.getTracks() ?? []) track.stop();
    this.#screenStream = stream;
    this.#screen.srcObject = stream;
    if (stream) void this.#screen.play().catch(() => undefined);
    this.#displaySource?.disconnect();
    this.#displaySource = null;
    const audio = this.#ensureAudio();
    if (stream && stream.getAudioTracks().length > 0 && this.#displayGain) {
      this.#displaySource = audio.createMediaStreamSource(stream);
      this.#displaySource.connect(this.#displayGain);
    }
  }

  get hasCamera(): boolean {
    return this.#cameraStream !== null;
  }

  get hasScreen(): boolean {
    return this.#screenStream !== null;
  }

  get hasDisplayAudio(): boolean {
    return this.#displaySource !== null;
  }

  setMicrophone(stream: MediaStream | null): void {
    for (const track of this.#micStream?.getTracks() ?? []) {
      if (!stream?.getTracks().includes(track)) track.stop();
    }
    this.#micStream = stream;
    this.#micSource?.disconnect();
    this.#micSource = null;
    const audio = this.#ensureAudio();
    if (stream && stream.getAudioTracks().length > 0 && this.#micGain && this.#micAnalyser) {
      this.#micSource = audio.createMediaStreamSource(stream);
      this.#micSource.connect(this.#micAnalyser);
      this.#micSource.connect(this.#micGain);
    }
  }

  setMicGain(level: number): void {
    this.#micLevel = level;
    this.#applyMicGain();
  }

  setMuted(muted: boolean): void {
    this.#muted = muted;
    this.#applyMicGain();
  }

  setDisplayGain(level: number): void {
    if (this.#displayGain) this.#displayGain.gain.value = level;
  }

  /** The microphone's level before gain and mute, 0…1 (for the meter). */
  micLevel(): number {
    return this.#micAnalyser ? levelOf(this.#micAnalyser, this.#meterBuffer) : 0;
  }

  /** Resumes the audio graph; browsers start it suspended until a user gesture. */
  async resumeAudio(): Promise<void> {
    const audio = this.#ensureAudio();
    if (audio.state === 'suspended') await audio.resume();
  }

  /** Starts drawing frames (idempotent). */
  start(): void {
    if (this.#timer !== null) return;
    this.#lastFrameAt = performance.now();
    this.#timer = setInterval(() => this.#tick(), 1000 / PROGRAM_FPS);
  }

  /** The program stream: the canvas at PROGRAM_FPS and the audio mix. */
  stream(): MediaStream {
    if (this.#stream) return this.#stream;
    const video = this.canvas.captureStream(PROGRAM_FPS);
    this.#ensureAudio();
    const tracks = [...video.getVideoTracks()];
    if (this.#destination) tracks.push(...this.#destination.stream.getAudioTracks());
    this.#stream = new MediaStream(tracks);
    return this.#stream;
  }

  frameStats(): FrameStats {
    const now = performance.now();
    this.#frames = this.#frames.filter((at) => at > now - 1000);
    return { fps: this.#frames.length, dropped: this.#dropped };
  }

  resetStats(): void {
    this.#dropped = 0;
  }

  #applyMicGain(): void {
    if (this.#micGain) this.#micGain.gain.value = this.#muted ? 0 : this.#micLevel;
  }

  #ensureAudio(): AudioContext {
    if (this.#audio) return this.#audio;
    const audio = new AudioContext({ latencyHint: 'interactive' });
    this.#audio = audio;
    this.#destination = audio.createMediaStreamDestination();
    this.#micGain = audio.createGain();
    this.#micGain.connect(this.#destination);
    this.#micAnalyser = audio.createAnalyser();
    this.#micAnalyser.fftSize = 1024;
    this.#displayGain = audio.createGain();
    this.#displayGain.connect(this.#destination);
    this.#applyMicGain();
    return audio;
  }

  #tick(): void {
    const now = performance.now();
    const period = 1000 / PROGRAM_FPS;
    const late = now - this.#lastFrameAt;
    // A timer that fires after two or more frame periods means frames were never drawn.
    if (late > period * 2) this.#dropped += Math.floor(late / period) - 1;
    this.#lastFrameAt = now;
    this.#frames.push(now);
    this.#draw();
    // Half a landscape period of slack, so that 30 fps is every tick, not every other one.
    if (this.#portraitOn && now - this.#portraitLastAt >= 1000 / this.#portraitFps - period / 2) {
      this.#portraitLastAt = now;
      this.#portraitFrames.push(now);
      drawPortrait(this.#portraitCtx, {
        camera: this.#camera,
        screen: this.#screen,
        layout: this.#portraitLayouts[this.#scene],
        overlay: this.#overlay,
        cards: this.#cards,
        timecode: this.#timecode,
        placeholder: this.#placeholder,
      });
    }
  }

  #draw(): void {
    const ctx = this.#ctx;
    const { width: W, height: H } = this.canvas;
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, W, H);
    const camera = videoReady(this.#camera) ? this.#camera : null;
    const screen = videoReady(this.#screen) ? this.#screen : null;
    const portrait = H > W;
    const full = { x: 0, y: 0, w: W, h: H };
    // Live cards stay above the camera picture-in-picture, whichever scene shows it.
    let cardsBottom = H - Math.round(Math.min(W, H) / 20);

    if (this.#scene === 'camera' || (this.#scene === 'pip' && !screen)) {
      if (camera) drawFitted(ctx, camera, full, 'cover');
      else drawPlaceholder(ctx, this.#placeholder, full);
    } else if (this.#scene === 'screen') {
      if (screen) drawFitted(ctx, screen, full, 'contain');
      else drawPlaceholder(ctx, this.#placeholder, full);
    } else if (screen) {
      if (portrait) {
        // Vertical platforms: the screen on top, the camera filling the lower half.
        drawFitted(ctx, screen, { x: 0, y: 0, w: W, h: H / 2 }, 'contain');
        if (camera) {
          drawFitted(ctx, camera, { x: 0, y: H / 2, w: W, h: H / 2 }, 'cover');
          cardsBottom = H / 2;
        }
      } else {
        drawFitted(ctx, screen, full, 'contain');
        if (camera) {
          const w = Math.round(W * 0.24);
          const h = Math.round((w * 9) / 16);
          const margin = Math.round(W * 0.02);
          const box = { x: W - w - margin, y: H - h - margin, w, h };
          ctx.fillStyle = '#ffffff';
          ctx.fillRect(box.x - 3, box.y - 3, box.w + 6, box.h + 6);
          drawFitted(ctx, camera, box, 'cover');
          cardsBottom = box.y - margin;
        }
      }
    }
    drawLowerThird(ctx, this.#overlay, W, H);
    drawLiveCards(ctx, this.#cards, W, cardsBottom);
    if (this.#timecode) drawTimecode(ctx, W, Date.now());
  }
}
