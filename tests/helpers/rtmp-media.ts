import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';

// Program streams for the RTMP output tests, made by ffmpeg in the shape of Chromium's
// MediaRecorder output (DESIGN.md §11): fragmented MP4, H.264 Constrained Baseline, a keyframe
// (and so a fragment) every second, Opus audio.

const VIDEO = ['-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=30'];
const AUDIO = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'];
const H264 = ['-c:v', 'libx264', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p'];
const KEYFRAME_1S = ['-preset', 'ultrafast', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0'];
const FMP4 = ['-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4'];

export const PROGRAM_MIME = 'video/mp4;codecs=avc1.42C01E,opus';

/** A whole fragmented MP4 of `seconds`, made as fast as ffmpeg can. */
export function makeProgramMp4(seconds: number): Uint8Array {
  const args = ['-hide_banner', '-loglevel', 'error', ...VIDEO, ...AUDIO, '-t', String(seconds)];
  args.push(...H264, ...KEYFRAME_1S, '-c:a', 'libopus', ...FMP4, 'pipe:1');
  return new Uint8Array(execFileSync('ffmpeg', args, { maxBuffer: 64 * 1024 * 1024 }));
}

/** A WebM (VP8 + Opus) of `seconds`, as MediaRecorder's fallback would give. */
export function makeProgramWebm(seconds: number): Uint8Array {
  const args = ['-hide_banner', '-loglevel', 'error', ...VIDEO, ...AUDIO, '-t', String(seconds)];
  args.push('-c:v', 'libvpx', '-deadline', 'realtime', '-g', '30', '-b:v', '500k');
  args.push('-c:a', 'libopus', '-f', 'webm', 'pipe:1');
  return new Uint8Array(execFileSync('ffmpeg', args, { maxBuffer: 64 * 1024 * 1024 }));
}

/** ffmpeg writing a live program stream in real time (`-re`) to stdout, for `seconds`. */
export function liveProgram(seconds: number, onChunk: (chunk: Uint8Array) => void): ChildProcess {
  const args = ['-hide_banner', '-loglevel', 'error', '-re', ...VIDEO, '-re', ...AUDIO];
  args.push('-t', String(seconds), ...H264, ...KEYFRAME_1S, '-c:a', 'libopus', ...FMP4, 'pipe:1');
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'ignore'] });
  child.stdout.on('data', (chunk: Buffer) => onChunk(new Uint8Array(chunk)));
  return child;
}

/** Frames ffprobe decodes per stream, and its complaints (none when a stream starts cleanly). */
export function countFrames(file: string): { video: number; audio: number; errors: string } {
  const result = spawnSync(
    'ffprobe',
    [
      ...['-v', 'error', '-count_frames'],
      ...['-show_entries', 'stream=codec_type,nb_read_frames', '-of', 'json', file],
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const streams = (
    JSON.parse(result.stdout) as { streams: { codec_type: string; nb_read_frames?: string }[] }
  ).streams;
  const frames = (type: string) =>
    Number(streams.find((stream) => stream.codec_type === type)?.nb_read_frames ?? 0);
  return { video: frames('video'), audio: frames('audio'), errors: result.stderr.trim() };
}
