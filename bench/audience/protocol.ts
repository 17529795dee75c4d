// Messages between the audience benchmark (bench/audience/run-bench.ts) and its child processes.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** To a client process. */
export type ClientCommand =
  | { cmd: 'connect'; url: string; from: number; count: number; tag: string }
  | { cmd: 'reset' }
  | { cmd: 'run'; seconds: number; chatPerSecond: number; reactionsPerSecond: number }
  | { cmd: 'stats' }
  | { cmd: 'close' };

export interface ClientStats {
  viewers: number;
  chat: { sent: number; acknowledged: number; refused: Record<string, number>; pending: number };
  reactions: {
    sent: number;
    acknowledged: number;
    refused: Record<string, number>;
    pending: number;
  };
  /** Chat messages sent during the run received by this process's viewers. */
  delivered: number;
  /** Latency histogram: [milliseconds, count] for every non-empty 1 ms bucket. */
  histogram: [number, number][];
  /** Socket errors and closes seen (ECONNRESET is expected when a server stops). */
  socketErrors: number;
  closedEarly: number;
  cpuMicros: number;
  wallMs: number;
}

/** From a client process. */
export type ClientEvent =
  | { ev: 'connected'; joined: number; failed: number }
  | { ev: 'ran' }
  | { ev: 'stats'; stats: ClientStats }
  | { ev: 'closed' }
  | { ev: 'ready' };

/** To a server process. */
export type ServerCommand = { cmd: 'cpu' } | { cmd: 'rows' } | { cmd: 'stop' };

/** From a server process. */
export type ServerEvent =
  | { ev: 'url'; url: string }
  | { ev: 'cpu'; micros: number; loopDelayMs?: LoopDelay }
  | { ev: 'rows'; chat: number; reactions: number }
  | { ev: 'stopped' };

/** How long the server's event loop was late (ms) between the two `cpu` commands. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/**
 * The server's event-loop delay over the measured interval: the first call starts the
 * histogram, the second returns it (a blocked loop is what delays every delivery at once).
 */
export function loopDelayMeter(): () => LoopDelay | undefined {
  let histogram: IntervalHistogram | null = null;
  const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
  return () => {
    if (histogram === null) {
      histogram = monitorEventLoopDelay({ resolution: 10 });
      histogram.enable();
      return undefined;
    }
    histogram.disable();
    return {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
    };
  };
}

/** Time comparable across this machine's processes (ms, sub-millisecond precision). */
export const wallNow = (): number => performance.timeOrigin + performance.now();

/** A chat text carries its send time, so a receiver measures latency without any lookup. */
export const CHAT_MARK = '"text":"b|';
