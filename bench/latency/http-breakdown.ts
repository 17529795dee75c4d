/**
 * Where the HTTP stream's delay goes (bench/latency.ts): from the fragments a Node viewer of the
 * stream received (bench/latency/stream-tap.ts) and the viewer page's per-frame probe
 * (bench/latency/probe.ts), which maps media time to the burned-in clock.
 *
 * delay ≈ age of a fragment's newest frame when the core hands it out (encoder + muxer's
 * fragment length + recorder → core) + core → viewer append + the viewer's buffered lag.
 */
import type { ProbeSample } from './sample';
import type { TappedFragment } from './stream-tap';

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? null;
}

export function summarise(values: number[]): Record<string, number | null> {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    frames: sorted.length,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    minMs: sorted[0] ?? null,
    maxMs: sorted[sorted.length - 1] ?? null,
  };
}

/** Like summarise, for values that are not milliseconds of delay (counts, rates). */
function spread(values: number[]): Record<string, number | null> {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p10: percentile(sorted, 10),
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
  };
}

export function httpBreakdown(
  samples: readonly ProbeSample[],
  fragments: readonly TappedFragment[],
): Record<string, unknown> {
  const offsets = samples.map((s) => s.mediaOffsetMs).sort((a, b) => a - b);
  const offset = percentile(offsets, 50);
  const intervals: number[] = [];
  for (let i = 1; i < fragments.length; i += 1) {
    const a = fragments[i - 1];
    const b = fragments[i];
    if (a && b) intervals.push(b.at - a.at);
  }
  const rates = new Map<number, number>();
  for (const s of samples) rates.set(s.rate, (rates.get(s.rate) ?? 0) + 1);
  const appendAges = samples.flatMap((s) => (s.appendAgeMs === null ? [] : [s.appendAgeMs]));
  const round = (n: number): number => Math.round(n);
  const first = samples[0];
  const last = samples[samples.length - 1];
  // Media time jumping ahead of the wall clock by more than this between shown frames: a seek.
  let seeks = 0;
  for (let i = 1; i < samples.length; i += 1) {
    const a = samples[i - 1];
    const b = samples[i];
    if (a && b && b.mediaTimeMs - a.mediaTimeMs > b.shownAtMs - a.shownAtMs + 300) seeks += 1;
  }
  return {
    note: 'ages are ms since the frame was composed on the studio canvas (burned-in clock)',
    // The tap reads the recording's fMP4; a viewer on the WebM feed has another media timeline.
    fragmentsAtCore:
      fragments.length === 0
        ? null
        : {
            received: fragments.length,
            intervalMs: summarise(intervals.map(round)),
            videoDurationMs: summarise(fragments.map((f) => round(f.durationMs))),
            videoFrames: spread(fragments.map((f) => f.samples)),
            kilobytes: spread(fragments.map((f) => round(f.bytes / 1_024))),
            firstFrameAgeMs:
              offset === null
                ? null
                : summarise(fragments.map((f) => round(f.at - offset - f.startMs))),
            newestMediaAgeMs:
              offset === null
                ? null
                : summarise(fragments.map((f) => round(f.at - offset - f.startMs - f.durationMs))),
          },
    viewer: {
      newestMediaAgeAtAppendMs: summarise(appendAges),
      bufferedAheadMs: summarise(samples.map((s) => s.bufferedAheadMs)),
      // Media seconds played per wall-clock second (seeks included); below 1 the viewer falls behind.
      playheadSpeed:
        first && last && last.shownAtMs > first.shownAtMs
          ? Number(
              ((last.mediaTimeMs - first.mediaTimeMs) / (last.shownAtMs - first.shownAtMs)).toFixed(
                3,
              ),
            )
          : null,
      seeks,
      waitingEvents: last?.waits ?? 0,
      muted: last?.muted ?? null,
      playbackRateShare: Object.fromEntries(
        [...rates].map(([rate, n]) => [String(rate), Number((n / samples.length).toFixed(2))]),
      ),
    },
  };
}
