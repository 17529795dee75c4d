import { statfs } from 'node:fs/promises';
import type { DiskSpace } from '../../../shared/contract/broadcast-api';

export interface DiskPolicy {
  /** Below this much free space a recording stops cleanly (the OS and the database need room). */
  reserveBytes: number;
  /** Going live needs this many minutes of recording above the reserve. */
  minutesToStart: number;
  /** While live, fewer minutes than this left is a warning. */
  warnMinutes: number;
  /** Bitrate assumed before the recorder has produced anything (bits/s). */
  expectedBitrate: number;
}

export const DEFAULT_DISK_POLICY: DiskPolicy = {
  reserveBytes: 256 * 1024 * 1024,
  minutesToStart: 10,
  warnMinutes: 15,
  // 720p30 H.264 from MediaRecorder plus Opus runs at about 2.5–4 Mbit/s; assume the top.
  expectedBitrate: 4_000_000,
};

/** Free bytes for the current user on the file system that holds `dir`. */
export type FreeSpaceProbe = (dir: string) => Promise<number>;

export const statfsFreeSpace: FreeSpaceProbe = async (dir) => {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
};

/**
 * Minutes of recording that fit above the reserve at `bitrate` (bits per second); null when the
 * bitrate is unknown (0).
 */
export function minutesRemaining(
  freeBytes: number,
  bitrate: number,
  reserveBytes: number,
): number | null {
  if (bitrate <= 0) return null;
  const usable = Math.max(0, freeBytes - reserveBytes);
  return usable / (bitrate / 8) / 60;
}

export function describeDisk(freeBytes: number, bitrate: number, policy: DiskPolicy): DiskSpace {
  const minutes = minutesRemaining(
    freeBytes,
    bitrate > 0 ? bitrate : policy.expectedBitrate,
    policy.reserveBytes,
  );
  const rounded = minutes === null ? null : Math.floor(minutes * 10) / 10;
  return {
    freeBytes: Math.max(0, Math.floor(freeBytes)),
    minutesLeft: rounded,
    low: minutes !== null && minutes < policy.warnMinutes,
  };
}

/** Whether there is room to go live: at least `minutesToStart` at the expected bitrate. */
export function enoughToStart(freeBytes: number, policy: DiskPolicy): boolean {
  const minutes = minutesRemaining(freeBytes, policy.expectedBitrate, policy.reserveBytes) ?? 0;
  return minutes >= policy.minutesToStart;
}

/** Whether a running recording must stop now to leave the reserve free. */
export function mustStop(freeBytes: number, policy: DiskPolicy): boolean {
  return freeBytes < policy.reserveBytes;
}

/**
 * Bitrate over a sliding window of (time, bytes) samples, bits per second. The window holds the
 * last few seconds so one large MP4 fragment (one per second) does not make the figure jump.
 */
export class BitrateWindow {
  readonly #windowMs: number;
  readonly #samples: { at: number; bytes: number }[] = [];

  constructor(windowMs = 5_000) {
    this.#windowMs = windowMs;
  }

  add(at: number, bytes: number): void {
    this.#samples.push({ at, bytes });
    this.#trim(at);
  }

  bitsPerSecond(now: number): number {
    this.#trim(now);
    const first = this.#samples[0];
    if (!first) return 0;
    const span = Math.max(1_000, now - first.at);
    let total = 0;
    for (const sample of this.#samples) total += sample.bytes;
    return Math.round((total * 8 * 1_000) / span);
  }

  #trim(now: number): void {
    while (this.#samples.length > 0 && (this.#samples[0]?.at ?? now) < now - this.#windowMs) {
      this.#samples.shift();
    }
  }
}
