import { describe, expect, it } from 'vitest';
import {
  compareArms,
  normalQuantile,
  twoProportionTest,
} from '../../../src/main/analytics/experiments/two-proportion';
import { assignVariant } from '../../../src/main/kernel/variant-split';
import { runPython } from '../../helpers/python';

// The variant split (deterministic, balanced) and the two-proportion test, both against scipy
// (tests/python/two_proportion.py, Debian's python3-scipy), an implementation we did not write.

const SEED = 'offer-42-seed';
const IDS = Array.from({ length: 10_000 }, (_, i) => String(i + 1));

function splitCounts(seed: string, arms: number): number[] {
  const counts: number[] = Array.from({ length: arms }, () => 0);
  for (const id of IDS) {
    const v = assignVariant(seed, id, arms);
    counts[v] = (counts[v] ?? 0) + 1;
  }
  return counts;
}

const CASES: [number, number, number, number][] = [
  [30, 400, 52, 410],
  [12, 150, 13, 148],
  [5, 20, 15, 22],
  [0, 50, 4, 60],
  [200, 1_000, 260, 1_000],
  [1, 3, 2, 3],
  [7, 90, 7, 90],
  [0, 40, 0, 45],
];

interface Reference {
  tests: {
    chi2P: number | null;
    normP: number | null;
    ciLow: number;
    ciHigh: number;
    neededPerArm: number | null;
  }[];
  splits: number[];
}

describe('variant split', () => {
  it('gives a viewer the same variant every time, and another seed moves viewers', () => {
    for (const id of IDS.slice(0, 200)) {
      expect(assignVariant(SEED, id, 3)).toBe(assignVariant(SEED, id, 3));
    }
    const moved = IDS.filter((id) => assignVariant(SEED, id, 2) !== assignVariant('other', id, 2));
    // Independent seeds disagree on about half of the viewers.
    expect(moved.length).toBeGreaterThan(4_000);
    expect(moved.length).toBeLessThan(6_000);
  });

  it('refuses a bad number of variants or an empty seed', () => {
    expect(() => assignVariant(SEED, '1', 0)).toThrow(/variants must be a whole number from 1/);
    expect(() => assignVariant(SEED, '1', 5)).toThrow(/variants must be a whole number from 1/);
    expect(() => assignVariant('', '1', 2)).toThrow('the seed must not be empty');
  });

  it('is balanced on 10,000 ids (chi-square against equal shares, scipy) and the test agrees', async () => {
    const splits = [2, 3, 4].map((arms) => splitCounts(SEED, arms));
    const out = JSON.parse(
      await runPython('tests/python/two_proportion.py', [JSON.stringify({ tests: CASES, splits })]),
    ) as Reference;
    for (const [i, p] of out.splits.entries()) {
      // A fixed seed: the same counts every run, so this bound cannot flake.
      expect(p, `split into ${String(i + 2)}: ${JSON.stringify(splits[i])}`).toBeGreaterThan(0.001);
    }

    for (const [i, [xa, na, xb, nb]] of CASES.entries()) {
      const ref = out.tests[i];
      if (!ref) throw new Error('missing reference');
      const ours = twoProportionTest(xa, na, xb, nb);
      if (ref.chi2P === null) expect(ours.pValue).toBeNull();
      else {
        expect(ours.pValue).toBeCloseTo(ref.chi2P, 6);
        expect(ours.pValue).toBeCloseTo(ref.normP ?? NaN, 6);
      }
      expect(ours.ciLow).toBeCloseTo(ref.ciLow, 8);
      expect(ours.ciHigh).toBeCloseTo(ref.ciHigh, 8);
      if (ref.neededPerArm === null) expect(ours.neededPerArm).toBeNull();
      else expect(Math.abs((ours.neededPerArm ?? NaN) / ref.neededPerArm - 1)).toBeLessThan(1e-8);
    }
  });
});

describe('two-proportion comparison', () => {
  it('knows the normal quantiles it uses', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 7);
  });

  it('says apart, not yet (with the viewers still needed) or no data', () => {
    const apart = compareArms(200, 1_000, 260, 1_000);
    expect(apart.verdict).toBe('apart');
    const notYet = compareArms(12, 150, 13, 148);
    expect(notYet.verdict).toBe('notYet');
    if (notYet.verdict !== 'notYet') throw new Error('unreachable');
    expect(notYet.moreViewers).toBe(2 * Math.ceil(notYet.neededPerArm ?? NaN) - 150 - 148);
    const same = compareArms(7, 90, 7, 90);
    expect(same.verdict === 'notYet' && same.moreViewers).toBeNull();
    expect(compareArms(0, 0, 3, 10).verdict).toBe('noData');
  });

  it('refuses impossible counts with a clear message', () => {
    expect(() => twoProportionTest(5, 4, 1, 10)).toThrow(
      'arm A: successes must be a whole number from 0 to 4, got 5',
    );
    expect(() => twoProportionTest(1, 0, 1, 10)).toThrow(
      'arm A: trials must be a whole number above 0, got 0',
    );
    expect(() => twoProportionTest(1, 10, 1, 10, { alpha: 1 })).toThrow(
      'alpha must be between 0 and 1',
    );
  });
});
