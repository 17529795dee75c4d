import type { OutputCanvas } from '../../../shared/contract/outputs-api';
import { containerOf } from './stream-framer';

/** What the recorder says about the program stream when it starts. */
export interface ProgramInfo {
  /** MediaRecorder's mimeType, e.g. `video/mp4;codecs=avc1.42C01F,opus` or `video/webm;codecs=vp8,opus`. */
  mime: string;
  /** The canvas size, when known: a destination with the other orientation is letterboxed. */
  width?: number;
  height?: number;
}

export const KEYFRAME_INTERVAL_S = 2;
const CANVAS_SIZE: Record<OutputCanvas, { width: number; height: number; kbps: number }> = {
  landscape: { width: 1280, height: 720, kbps: 3_000 },
  portrait: { width: 1080, height: 1920, kbps: 4_500 },
};

/** H.264 can go to RTMP as it is; VP8/VP9 cannot. MediaRecorder's plain `video/mp4` is H.264. */
export function isH264(mime: string): boolean {
  const codecs = /codecs\s*=\s*"?([^";]*)/i.exec(mime)?.[1];
  if (codecs === undefined) return containerOf(mime) === 'mp4';
  return /\b(avc1|avc3|h264)\b/i.test(codecs);
}

export function programCanvas(program: ProgramInfo): OutputCanvas {
  const { width, height } = program;
  return width !== undefined && height !== undefined && height > width ? 'portrait' : 'landscape';
}

/** The platform's ingest address and the stream key, as RTMP expects them: `<url>/<key>`. */
export function ingestUrl(url: string, key: string): string {
  const base = url.trim().replace(/\/+$/, '');
  return key === '' ? base : `${base}/${key}`;
}

/**
 * ffmpeg reading the program stream on stdin and pushing FLV to `target`: video copied when it is
 * H.264 on the destination's canvas, else x264 (veryfast, keyframe every 2 s); audio always AAC.
 * Progress goes to fd 3 so that stderr holds only ffmpeg's messages.
 */
export function ffmpegArgs(program: ProgramInfo, canvas: OutputCanvas, target: string): string[] {
  const copy = isH264(program.mime) && programCanvas(program) === canvas;
  const size = CANVAS_SIZE[canvas];
  const video = copy
    ? ['-c:v', 'copy']
    : [
        ...(programCanvas(program) === canvas
          ? []
          : [
              '-vf',
              `scale=${size.width}:${size.height}:force_original_aspect_ratio=decrease,` +
                `pad=${size.width}:${size.height}:(ow-iw)/2:(oh-ih)/2,setsar=1`,
            ]),
        ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency'],
        ...['-pix_fmt', 'yuv420p', '-profile:v', 'main'],
        ...['-b:v', `${size.kbps}k`, '-maxrate', `${size.kbps}k`, '-bufsize', `${size.kbps * 2}k`],
        // -g assumes 30 fps; the forced keyframes hold the 2 s interval at any frame rate.
        ...['-g', String(30 * KEYFRAME_INTERVAL_S), '-sc_threshold', '0'],
        ...['-force_key_frames', `expr:gte(t,n_forced*${KEYFRAME_INTERVAL_S})`],
      ];
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'warning', '-nostats'],
    ...['-progress', 'pipe:3', '-stats_period', '0.5'],
    ...['-f', containerOf(program.mime) === 'webm' ? 'matroska' : 'mov', '-i', 'pipe:0'],
    ...['-map', '0:v:0', '-map', '0:a:0?'],
    ...video,
    ...['-c:a', 'aac', '-b:a', '128k', '-ar', '44100', '-ac', '2'],
    // A server that vanishes without closing the connection fails the write within 10 s.
    ...['-rw_timeout', '10000000'],
    ...['-f', 'flv', '-flvflags', 'no_duration_filesize', target],
  ];
}
