import { execFileSync } from 'node:child_process';

/**
 * A real fragmented MP4 made by ffmpeg, shaped like Chromium's MediaRecorder output (DESIGN.md
 * §11): ftyp+moov, then moof+mdat fragments. With the default options every fragment starts on a
 * keyframe (one per second); `fragDurationUs` cuts fragments shorter than a GOP so that some
 * start on non-keyframes.
 */
export function makeFragmentedMp4(
  options: { seconds?: number; fragDurationUs?: number; size?: string } = {},
): Uint8Array<ArrayBuffer> {
  const seconds = options.seconds ?? 6;
  const args = ['-hide_banner', '-loglevel', 'error'];
  args.push('-f', 'lavfi', '-i', `testsrc=size=${options.size ?? '640x360'}:rate=30`);
  args.push('-f', 'lavfi', '-i', 'sine', '-t', String(seconds));
  args.push('-c:v', 'libx264', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-g', '30');
  args.push('-c:a', 'aac');
  const flags = options.fragDurationUs
    ? [
        '-frag_duration',
        String(options.fragDurationUs),
        '-movflags',
        'empty_moov+default_base_moof',
      ]
    : ['-movflags', 'frag_keyframe+empty_moov+default_base_moof'];
  args.push(...flags, '-f', 'mp4', 'pipe:');
  return new Uint8Array(execFileSync('ffmpeg', args, { maxBuffer: 64 * 1024 * 1024 }));
}

/** Splits bytes into chunks of random sizes in [1, max], reproducibly from `seed`. */
export function randomChunks<T extends ArrayBufferLike>(
  bytes: Uint8Array<T>,
  max: number,
  seed = 1,
): Uint8Array<T>[] {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
  const chunks: Uint8Array<T>[] = [];
  for (let at = 0; at < bytes.byteLength;) {
    const size = 1 + Math.floor(next() * max);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

export interface Probe {
  durationS: number;
  streams: { codec_type: string; codec_name: string; width?: number }[];
}

/** ffprobe's view of a media file (throws when ffprobe cannot read it). */
export function ffprobe(file: string): Probe {
  const out = execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-show_entries',
      'format=duration:stream=codec_type,codec_name,width',
      '-of',
      'json',
      file,
    ],
    { encoding: 'utf8' },
  );
  const parsed = JSON.parse(out) as { format: { duration: string }; streams: Probe['streams'] };
  return { durationS: Number(parsed.format.duration), streams: parsed.streams };
}

/**
 * A real WebM made by ffmpeg in live mode, shaped like MediaRecorder's (a Segment of unknown
 * size, VP8 + Opus; Opus alone with `video: false`). `clusterMs` cuts Clusters that short, so that some start on non-keyframes
 * (MediaRecorder starts one per keyframe); a keyframe every `gop` frames at 30 fps.
 */
export function makeLiveWebm(
  options: { seconds?: number; clusterMs?: number; gop?: number; video?: boolean } = {},
): Uint8Array<ArrayBuffer> {
  const video = options.video !== false;
  const args = ['-hide_banner', '-loglevel', 'error'];
  if (video) args.push('-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30');
  args.push('-f', 'lavfi', '-i', 'sine');
  args.push('-t', String(options.seconds ?? 3));
  if (video) {
    args.push('-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '500k');
    args.push('-g', String(options.gop ?? 15));
  }
  args.push('-c:a', 'libopus');
  args.push('-live', '1', '-cluster_time_limit', String(options.clusterMs ?? 1_000));
  args.push('-f', 'webm', 'pipe:1');
  return new Uint8Array(execFileSync('ffmpeg', args, { maxBuffer: 64 * 1024 * 1024 }));
}

/** ffprobe's packets of a media file: stream index, byte offset and whether a keyframe. */
export function ffprobePackets(file: string): { stream: number; pos: number; key: boolean }[] {
  const out = execFileSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'packet=stream_index,pos,flags', '-of', 'csv', file],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const [, stream = '', pos = '', flags = ''] = line.split(',');
      return { stream: Number(stream), pos: Number(pos), key: flags.startsWith('K') };
    });
}
