// Messages between the audience benchmark (bench/audience/run-bench.ts) and its child processes.

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
  | { ev: 'cpu'; micros: number }
  | { ev: 'rows'; chat: number; reactions: number }
  | { ev: 'stopped' };

/** Time comparable across this machine's processes (ms, sub-millisecond precision). */
export const wallNow = (): number => performance.timeOrigin + performance.now();

/** A chat text carries its send time, so a receiver measures latency without any lookup. */
export const CHAT_MARK = '"text":"b|';
