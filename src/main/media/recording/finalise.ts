import { execFile } from 'node:child_process';
import { rename, rm, stat } from 'node:fs/promises';

/**
 * Finalising a recording after the broadcast: fragmented MP4 is remuxed (no re-encoding) into a
 * normal MP4 with its index at the front (`+faststart`), so players seek at once; WebM is
 * remuxed to gain its duration and cues. Without ffmpeg the file is kept as written: fragmented
 * MP4 plays as it is (DESIGN.md §11).
 */

const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';
/** A remux of a two-hour class copies a few GB; give it time but not forever. */
const REMUX_TIMEOUT_MS = 30 * 60_000;
const PROBE_TIMEOUT_MS = 30_000;

function run(command: string, args: string[], timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`${command} failed: ${stderr.trim().slice(-500) || error.message}`));
      else resolve(stdout);
    });
  });
}

let ffmpegFound: Promise<boolean> | null = null;

/** Whether ffmpeg and ffprobe run here (checked once per process). */
export function ffmpegAvailable(): Promise<boolean> {
  ffmpegFound ??= Promise.all([
    run(FFMPEG, ['-hide_banner', '-version'], 10_000),
    run(FFPROBE, ['-hide_banner', '-version'], 10_000),
  ]).then(
    () => true,
    () => false,
  );
  return ffmpegFound;
}

/** The temporary output of a remux, beside the recording; removed when left by a crash. */
export function remuxTempPath(file: string): string {
  return file.replace(/(\.[a-z0-9]+)$/i, '.remux$1');
}

/** Container duration in ms according to ffprobe, or null. */
export async function probeDurationMs(file: string): Promise<number | null> {
  try {
    const out = await run(
      FFPROBE,
      ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=nw=1:nk=1', file],
      PROBE_TIMEOUT_MS,
    );
    const seconds = Number.parseFloat(out.trim());
    return Number.isFinite(seconds) ? Math.round(seconds * 1_000) : null;
  } catch {
    return null;
  }
}

export interface FinaliseResult {
  remuxed: boolean;
  bytes: number;
  durationMs: number | null;
  /** Why the file was kept as written, if it was. */
  note: string | null;
}

/**
 * Remuxes `file` in place (through a temporary file renamed over it, so a crash leaves either the
 * original or the finished file, never half of one).
 */
export async function finaliseRecording(file: string, mimeType: string): Promise<FinaliseResult> {
  const keep = async (note: string): Promise<FinaliseResult> => ({
    remuxed: false,
    bytes: (await stat(file)).size,
    durationMs: await probeDurationMs(file),
    note,
  });
  if (!(await ffmpegAvailable())) return keep('ffmpeg is not installed');
  const temp = remuxTempPath(file);
  const mp4 = mimeType.startsWith('video/mp4');
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-i', file, '-map', '0', '-c', 'copy'];
  if (mp4) args.push('-movflags', '+faststart', '-f', 'mp4');
  else args.push('-f', 'webm');
  args.push(temp);
  try {
    await run(FFMPEG, args, REMUX_TIMEOUT_MS);
    const durationMs = await probeDurationMs(temp);
    await rename(temp, file);
    return { remuxed: true, bytes: (await stat(file)).size, durationMs, note: null };
  } catch (error) {
    await rm(temp, { force: true });
    return keep(error instanceof Error ? error.message : String(error));
  }
}
