/**
 * Where a class's router and each viewer's receive transport go, across the mediasoup workers
 * (one process per core). Pure functions over a snapshot of the load, so that the rules are
 * tested without a worker.
 *
 * The rule: a class starts on the least-loaded worker (its origin, where the studio's producers
 * live). Viewers are added to the origin until that worker carries `consumersPerWorker`; then to
 * a router of the class on another worker that still has room (the producers are piped to it with
 * `pipeToRouter`), opening one on the least-loaded worker when none has room. When every worker is
 * full, the least-loaded one takes the viewer anyway: refusing would only send the learner to the
 * HTTP stream, which costs the same machine more.
 */

export interface WorkerLoad {
  /** The worker's slot in the pool. */
  index: number;
  /** Consumers on the worker now, across every class (plus reservations for new viewers). */
  consumers: number;
  /** A dead worker (crashed, not replaced yet) takes nothing. */
  alive: boolean;
}

export interface RoomLayout {
  /** The worker of the class's origin router. */
  origin: number;
  /** Workers that already have a router of the class (origin included or not). */
  routers: readonly number[];
}

export interface Placement {
  worker: number;
  /** No router of the class on that worker yet: open one and pipe the producers to it. */
  needsPipe: boolean;
}

/** The worker for a new class's origin router, or null when no worker is alive. */
export function placeRoom(loads: readonly WorkerLoad[]): number | null {
  return leastLoaded(loads.filter((w) => w.alive))?.index ?? null;
}

/**
 * The worker for a viewer who will add `adding` consumers to the class laid out as `layout`, or
 * null when no worker is alive.
 */
export function placeConsumer(
  loads: readonly WorkerLoad[],
  layout: RoomLayout,
  consumersPerWorker: number,
  adding: number,
): Placement | null {
  if (!Number.isInteger(consumersPerWorker) || consumersPerWorker < 1) {
    throw new RangeError(
      `consumersPerWorker must be a positive integer, got ${consumersPerWorker}`,
    );
  }
  if (!Number.isInteger(adding) || adding < 1) {
    throw new RangeError(`adding must be a positive integer, got ${adding}`);
  }
  const alive = loads.filter((w) => w.alive);
  const fits = (w: WorkerLoad): boolean => w.consumers + adding <= consumersPerWorker;
  const hosting = new Set(layout.routers);
  hosting.add(layout.origin);

  const origin = alive.find((w) => w.index === layout.origin);
  if (origin && fits(origin)) return { worker: origin.index, needsPipe: false };

  const piped = leastLoaded(
    alive.filter((w) => w.index !== layout.origin && hosting.has(w.index) && fits(w)),
  );
  if (piped) return { worker: piped.index, needsPipe: false };

  const fresh = leastLoaded(alive.filter((w) => !hosting.has(w.index) && fits(w)));
  if (fresh) return { worker: fresh.index, needsPipe: true };

  const any = leastLoaded(alive);
  if (!any) return null;
  return { worker: any.index, needsPipe: !hosting.has(any.index) };
}

/** Fewest consumers; the lowest index on a tie, so that placement is deterministic. */
function leastLoaded(loads: readonly WorkerLoad[]): WorkerLoad | undefined {
  let best: WorkerLoad | undefined;
  for (const load of loads) {
    if (
      !best ||
      load.consumers < best.consumers ||
      (load.consumers === best.consumers && load.index < best.index)
    ) {
      best = load;
    }
  }
  return best;
}

/** Workers for this machine: one per core, at most `cap` (DESIGN.md §5). */
export function workerCount(cores: number, cap: number): number {
  return Math.max(1, Math.min(Math.floor(cores), Math.floor(cap)));
}
