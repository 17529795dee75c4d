import { spawn } from 'node:child_process';
import { rm, stat, writeFile } from 'node:fs/promises';
import { createProgressParser } from '../media/outputs/ffmpeg-progress';
import { probeDurationMs } from '../media/recording/finalise';

/**
 * Review exports through ffmpeg: a clip of one recording part (stream copy when the cut starts on
 * a keyframe, so nothing is re-encoded; re-encoded otherwise, since a copied cut must start on a
 * keyframe), and "prepare for upload": the whole class as one MP4 with AAC audio (course
 * platforms and QuickTime do not play Opus in MP4) and its chapters embedded. Progress is
 * reported from ffmpeg's `-progress` output as a fraction of the output's duration.
 */

const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';
/** A re-encode of a two-hour class takes long on a laptop; never forever. */
const EXPORT_TIMEOUT_MS = 3 * 60 * 60_000;
const PROBE_TIMEOUT_MS = 60_000;
/** A keyframe this close to the requested start counts as on it. */
export const KEYFRAME_TOLERANCE_S = 0.05;
/** A copied clip this much longer or shorter than asked is cut again by re-encoding. */
export const COPY_DURATION_TOLERANCE_S = 0.45;

function run(
  command: string,
  args: string[],
  timeoutMs: number,
  onStdout?: (text: string) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      if (onStdout) onStdout(text);
      else if (out.length < 4 * 1024 * 1024) out += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      err = (err + text).slice(-2_000);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else
        reject(
          new Error(`${command} failed (${String(code ?? signal)}): ${err.trim().slice(-500)}`),
        );
    });
  });
}

/** Keyframe times (s) of the first video stream between `fromS - 10` and `fromS + 1`. */
export async function keyframesNear(file: string, fromS: number): Promise<number[]> {
  const start = Math.max(0, fromS - 10);
  const out = await run(
    FFPROBE,
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-skip_frame',
      'nokey',
      '-read_intervals',
      `${String(start)}%${String(fromS + 1)}`,
      '-show_entries',
      'frame=pts_time',
      '-of',
      'csv=p=0',
      file,
    ],
    PROBE_TIMEOUT_MS,
  );
  return out
    .split('\n')
    .map((line) => Number.parseFloat(line))
    .filter((n) => Number.isFinite(n));
}

export type Progress = (fraction: number) => void;

function progressArgs(
  durationS: number,
  onProgress: Progress,
): {
  args: string[];
  onStdout: (text: string) => void;
} {
  const parse = createProgressParser((p) => {
    try {
      onProgress(p.ended ? 1 : Math.min(0.99, p.outTimeMs / 1_000 / Math.max(0.001, durationS)));
    } catch {
      // A progress listener's failure must not stop the export.
    }
  });
  return { args: ['-progress', 'pipe:1', '-nostats'], onStdout: parse };
}

export interface ClipResult {
  mode: 'copy' | 'reencode';
  bytes: number;
}

export async function exportClip(options: {
  input: string;
  fromS: number;
  toS: number;
  output: string;
  onProgress: Progress;
}): Promise<ClipResult> {
  const { input, fromS, toS, output } = options;
  const durationS = toS - fromS;
  const keyframes = await keyframesNear(input, fromS);
  const onKeyframe = keyframes.some((k) => Math.abs(k - fromS) <= KEYFRAME_TOLERANCE_S);
  const cut = async (copy: boolean): Promise<void> => {
    const progress = progressArgs(durationS, options.onProgress);
    const args = ['-hide_banner', '-loglevel', 'error', '-y', ...progress.args];
    args.push('-ss', fromS.toFixed(3), '-i', input, '-t', durationS.toFixed(3), '-map', '0');
    if (copy) args.push('-c', 'copy', '-avoid_negative_ts', 'make_zero');
    else args.push('-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac');
    args.push('-movflags', '+faststart', '-f', 'mp4', output);
    try {
      await run(FFMPEG, args, EXPORT_TIMEOUT_MS, progress.onStdout);
    } catch (error) {
      await rm(output, { force: true });
      throw error;
    }
  };
  let mode: ClipResult['mode'] = onKeyframe ? 'copy' : 'reencode';
  await cut(mode === 'copy');
  if (mode === 'copy') {
    // A copied cut keeps whole audio packets and may start its audio before the keyframe; when
    // that makes the clip visibly longer than asked, cut it again exactly.
    const got = await probeDurationMs(output);
    if (got === null || Math.abs(got / 1_000 - durationS) > COPY_DURATION_TOLERANCE_S) {
      mode = 'reencode';
      await cut(false);
    }
  }
  options.onProgress(1);
  return { mode, bytes: (await stat(output)).size };
}

export interface UploadChapter {
  /** Seconds in the output (gaps between parts removed). */
  startS: number;
  endS: number;
  title: string;
}

/** ffmpeg's metadata file format: `=`, `;`, `#`, `\` and newlines are escaped with a backslash. */
function metadataValue(text: string): string {
  return text.replace(/[=;#\\\n]/g, (c) => `\\${c}`);
}

export function chaptersMetadata(title: string, chapters: readonly UploadChapter[]): string {
  const lines = [';FFMETADATA1', `title=${metadataValue(title)}`];
  for (const c of chapters) {
    lines.push(
      '[CHAPTER]',
      'TIMEBASE=1/1000',
      `START=${String(Math.round(c.startS * 1_000))}`,
      `END=${String(Math.round(c.endS * 1_000))}`,
      `title=${metadataValue(c.title)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One MP4 of every part in order (ffmpeg's concat demuxer: the parts come from the same recorder
 * settings), video copied, audio to AAC, chapters from `chapters`.
 */
export async function prepareUpload(options: {
  inputs: readonly string[];
  durationS: number;
  title: string;
  chapters: readonly UploadChapter[];
  output: string;
  scratchPrefix: string;
  onProgress: Progress;
}): Promise<{ bytes: number }> {
  const list = `${options.scratchPrefix}.concat.txt`;
  const meta = `${options.scratchPrefix}.ffmeta`;
  await writeFile(
    list,
    options.inputs.map((file) => `file '${file.replace(/'/g, "'\\''")}'`).join('\n') + '\n',
  );
  await writeFile(meta, chaptersMetadata(options.title, options.chapters));
  const progress = progressArgs(options.durationS, options.onProgress);
  const args = ['-hide_banner', '-loglevel', 'error', '-y', ...progress.args];
  args.push('-f', 'concat', '-safe', '0', '-i', list, '-i', meta);
  args.push('-map', '0:v:0', '-map', '0:a:0?', '-map_metadata', '1', '-map_chapters', '1');
  args.push('-c:v', 'copy', '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart');
  args.push('-f', 'mp4', options.output);
  try {
    await run(FFMPEG, args, EXPORT_TIMEOUT_MS, progress.onStdout);
  } catch (error) {
    await rm(options.output, { force: true });
    throw error;
  } finally {
    await rm(list, { force: true });
    await rm(meta, { force: true });
  }
  options.onProgress(1);
  return { bytes: (await stat(options.output)).size };
}
