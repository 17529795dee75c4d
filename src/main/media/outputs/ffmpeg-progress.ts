/** One `-progress` report from ffmpeg (emitted every `-stats_period`). */
export interface FfmpegProgress {
  frames: number;
  /** kbit/s; 0 while ffmpeg says N/A. */
  bitrateKbps: number;
  totalBytes: number;
  outTimeMs: number;
  ended: boolean;
}

/**
 * Reads ffmpeg's `-progress` output (key=value lines, each block closed by `progress=…`) from a
 * stream of text chunks and calls `onReport` once per block.
 */
export function createProgressParser(
  onReport: (progress: FfmpegProgress) => void,
): (text: string) => void {
  let buffered = '';
  let block = new Map<string, string>();
  return (text) => {
    buffered += text;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    // A runaway line (not ffmpeg's format) must not grow without bound.
    if (buffered.length > 4_096) buffered = '';
    for (const raw of lines) {
      const line = raw.trim();
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1).trim();
      block.set(key, value);
      if (key !== 'progress') continue;
      onReport({
        frames: toCount(block.get('frame')),
        bitrateKbps: toCount(/^([\d.]+)\s*kbits\/s$/.exec(block.get('bitrate') ?? '')?.[1]),
        totalBytes: toCount(block.get('total_size')),
        outTimeMs: Math.floor(toCount(block.get('out_time_us')) / 1_000),
        ended: value === 'end',
      });
      block = new Map();
    }
  };
}

function toCount(value: string | undefined): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : 0;
}
