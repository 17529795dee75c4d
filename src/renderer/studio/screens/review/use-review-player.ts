import { useCallback, useRef, useState } from 'react';
import type { RecordingPart } from '../../../../shared/contract/review-api';
import { FRAME_S, locate } from './review-time';

export interface ReviewPlayer {
  /** Give this to the <video> as its ref. */
  attach: (video: HTMLVideoElement | null) => void;
  /** Position on the class's timeline, seconds. */
  time: number;
  playing: boolean;
  /** Index of the part loaded in the <video>, or -1 with no recording. */
  partIndex: number;
  seek: (t: number) => void;
  toggle: () => void;
  step: (frames: number) => void;
  onTimeUpdate: () => void;
  onEnded: () => void;
  onLoadedMetadata: () => void;
  onPlay: () => void;
  onPause: () => void;
}

/**
 * Plays a class's recording parts as one timeline in one <video>: a seek to another part swaps
 * the source and applies the position once its metadata has loaded; the end of a part goes on to
 * the next. With no recording the timeline still has a position, moved by seeks alone.
 */
export function useReviewPlayer(
  parts: readonly RecordingPart[],
  durationS: number,
  /** Where to open, seconds on the timeline (applied once the part's metadata has loaded). */
  startT = 0,
): ReviewPlayer {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [start] = useState(() => {
    const t = Math.min(Math.max(0, startT), durationS);
    const at = locate(parts, t);
    return { t: at ? (parts[at.index]?.offsetS ?? 0) + at.local : t, at };
  });
  const [time, setTime] = useState(start.t);
  const [playing, setPlaying] = useState(false);
  const [partIndex, setPartIndex] = useState(start.at?.index ?? -1);
  const pending = useRef<{ local: number; play: boolean } | null>(
    start.at && start.at.local > 0 ? { local: start.at.local, play: false } : null,
  );
  const partRef = useRef(start.at?.index ?? -1);

  const attach = useCallback((video: HTMLVideoElement | null) => {
    videoRef.current = video;
  }, []);
  const offsetOf = useCallback((index: number) => parts[index]?.offsetS ?? 0, [parts]);
  const choosePart = useCallback((index: number) => {
    partRef.current = index;
    setPartIndex(index);
  }, []);

  const seek = useCallback(
    (t: number) => {
      const target = Math.min(Math.max(0, t), durationS);
      const video = videoRef.current;
      const at = locate(parts, target);
      if (!at || !video) {
        setTime(target);
        return;
      }
      if (at.index !== partRef.current) {
        pending.current = { local: at.local, play: !video.paused };
        choosePart(at.index);
      } else {
        video.currentTime = at.local;
      }
      setTime(offsetOf(at.index) + at.local);
    },
    [parts, durationS, offsetOf, choosePart],
  );

  const toggle = useCallback(() => {
    const video = videoRef.current;
    if (!video || parts.length === 0) return;
    if (video.paused) void video.play().catch(() => undefined);
    else video.pause();
  }, [parts.length]);

  const step = useCallback(
    (frames: number) => {
      const video = videoRef.current;
      if (!video) return;
      video.pause();
      seek(offsetOf(partRef.current) + video.currentTime + frames * FRAME_S);
    },
    [seek, offsetOf],
  );

  const onTimeUpdate = useCallback(() => {
    const video = videoRef.current;
    if (!video || pending.current) return;
    setTime(offsetOf(partRef.current) + video.currentTime);
  }, [offsetOf]);

  const onLoadedMetadata = useCallback(() => {
    const video = videoRef.current;
    const next = pending.current;
    if (!video || !next) return;
    pending.current = null;
    video.currentTime = next.local;
    if (next.play) void video.play().catch(() => undefined);
  }, []);

  const onEnded = useCallback(() => {
    const next = parts[partRef.current + 1];
    if (!next) return;
    pending.current = { local: 0, play: true };
    choosePart(next.index);
    setTime(next.offsetS);
  }, [parts, choosePart]);

  const onPlay = useCallback(() => setPlaying(true), []);
  const onPause = useCallback(() => setPlaying(false), []);

  return {
    attach,
    time,
    playing,
    partIndex,
    seek,
    toggle,
    step,
    onTimeUpdate,
    onEnded,
    onLoadedMetadata,
    onPlay,
    onPause,
  };
}
