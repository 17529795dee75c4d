import { describe, expect, it } from 'vitest';
import {
  placeConsumer,
  placeRoom,
  workerCount,
  type WorkerLoad,
} from '../../src/main/media/webrtc/placement';

const loads = (...consumers: (number | null)[]): WorkerLoad[] =>
  consumers.map((n, index) => ({ index, consumers: n ?? 0, alive: n !== null }));

describe('WebRTC placement', () => {
  it('opens a class on the least-loaded live worker, the lowest index on a tie', () => {
    expect(placeRoom(loads(10, 3, 3))).toBe(1);
    expect(placeRoom(loads(null, 7, 2))).toBe(2);
    expect(placeRoom(loads(null, null))).toBeNull();
    expect(placeRoom([])).toBeNull();
  });

  it('keeps viewers on the origin worker until it passes the threshold', () => {
    const layout = { origin: 1, routers: [1] };
    expect(placeConsumer(loads(0, 0), layout, 4, 2)).toEqual({ worker: 1, needsPipe: false });
    expect(placeConsumer(loads(0, 2), layout, 4, 2)).toEqual({ worker: 1, needsPipe: false });
    // Full: the next viewer goes to the other worker, which needs the producers piped to it.
    expect(placeConsumer(loads(0, 4), layout, 4, 2)).toEqual({ worker: 0, needsPipe: true });
  });

  it('prefers a worker that already has a router of the class over opening another pipe', () => {
    const layout = { origin: 0, routers: [0, 2] };
    expect(placeConsumer(loads(4, 0, 2), layout, 4, 2)).toEqual({ worker: 2, needsPipe: false });
    // The piped worker is full too: a fresh one, the least loaded.
    expect(placeConsumer(loads(4, 1, 4, 0), layout, 4, 2)).toEqual({ worker: 3, needsPipe: true });
  });

  it('counts the consumers being added against the threshold', () => {
    const layout = { origin: 0, routers: [0] };
    expect(placeConsumer(loads(3, 0), layout, 4, 1)).toEqual({ worker: 0, needsPipe: false });
    expect(placeConsumer(loads(3, 0), layout, 4, 2)).toEqual({ worker: 1, needsPipe: true });
  });

  it('overflows onto the least-loaded worker when every worker is full', () => {
    expect(placeConsumer(loads(9, 8), { origin: 0, routers: [0] }, 4, 2)).toEqual({
      worker: 1,
      needsPipe: true,
    });
    expect(placeConsumer(loads(8, 9), { origin: 0, routers: [0, 1] }, 4, 2)).toEqual({
      worker: 0,
      needsPipe: false,
    });
  });

  it('skips dead workers, and gives up only when none is alive', () => {
    expect(placeConsumer(loads(4, null, 0), { origin: 0, routers: [0, 1] }, 4, 2)).toEqual({
      worker: 2,
      needsPipe: true,
    });
    expect(placeConsumer(loads(null, null), { origin: 0, routers: [0] }, 4, 2)).toBeNull();
  });

  it('refuses nonsense thresholds', () => {
    expect(() => placeConsumer(loads(0), { origin: 0, routers: [0] }, 0, 2)).toThrow(
      'consumersPerWorker must be a positive integer, got 0',
    );
    expect(() => placeConsumer(loads(0), { origin: 0, routers: [0] }, 4, 0)).toThrow(
      'adding must be a positive integer, got 0',
    );
  });

  it('runs one worker per core, capped', () => {
    expect(workerCount(2, 4)).toBe(2);
    expect(workerCount(16, 4)).toBe(4);
    expect(workerCount(0, 4)).toBe(1);
  });
});
