/**
 * Seeded simulation of the BG/NBD story (bgnbd.ts), for checking forecasts against what the model
 * says happens: each customer draws a purchase rate lambda ~ Gamma(r, rate alpha) and a drop-out
 * probability p ~ Beta(a, b), buys at the ticks of a Poisson clock of rate lambda from their first
 * purchase at time 0, and after each repeat purchase drops out for good with probability p.
 * Not a test file itself: vitest collects only *.test.ts.
 */
import type { BgNbdParams } from '../../../src/main/analytics/bgnbd';
import type { Rng } from '../../../src/main/kernel/random';

/** Marsaglia & Tsang (2000) gamma sampler, shape k and scale 1; shape < 1 by the boost k+1. */
export function sampleGamma(rng: Rng, shape: number): number {
  if (shape < 1) {
    const boosted = sampleGamma(rng, shape + 1);
    return boosted * Math.pow(1 - rng.next(), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal(0, 1);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function sampleBeta(rng: Rng, a: number, b: number): number {
  const x = sampleGamma(rng, a);
  const y = sampleGamma(rng, b);
  return x / (x + y);
}

export interface SimulatedCustomer {
  /** Repeat purchases in (0, T]. */
  x: number;
  /** Time of the last of them (0 when none). */
  tX: number;
  T: number;
  /** Repeat purchases in (T, T + future]. */
  future: number;
}

/** One customer's life from the first purchase to T + future. */
export function simulateCustomer(
  rng: Rng,
  params: BgNbdParams,
  T: number,
  future: number,
): SimulatedCustomer {
  const lambda = sampleGamma(rng, params.r) / params.alpha;
  const p = sampleBeta(rng, params.a, params.b);
  let x = 0;
  let tX = 0;
  let after = 0;
  let now = 0;
  for (;;) {
    now += -Math.log(1 - rng.next()) / lambda;
    if (now > T + future) break;
    if (now <= T) {
      x++;
      tX = now;
    } else {
      after++;
    }
    if (rng.next() < p) break;
  }
  return { x, tX, T, future: after };
}
