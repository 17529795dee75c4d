import { describe, expect, it } from 'vitest';
import {
  RFM_SEGMENTS,
  countRfmSegments,
  rfmSegment,
  type RfmSegment,
} from '../../../src/main/analytics/rfm-segments';
import { RfmSegmentName } from '../../../src/shared/contract/rfm-segment';
import { expectError } from './expect-error';

// The R/F grid written out by hand, recency 5 (top row) to 1, frequency 1 to 5 (left to right).
const GRID: readonly (readonly RfmSegment[])[] = [
  ['new', 'promising', 'promising', 'champions', 'champions'],
  ['promising', 'promising', 'promising', 'loyal', 'loyal'],
  ['needsAttention', 'needsAttention', 'needsAttention', 'loyal', 'loyal'],
  ['hibernating', 'hibernating', 'atRisk', 'atRisk', 'atRisk'],
  ['lost', 'lost', 'atRisk', 'atRisk', 'atRisk'],
];

describe('rfmSegment', () => {
  it('places every cell of the 5 × 5 R/F grid as the hand-made table says', () => {
    GRID.forEach((row, i) => {
      const recency = 5 - i;
      row.forEach((expected, j) => {
        expect({ recency, frequency: j + 1, segment: rfmSegment(recency, j + 1) }).toEqual({
          recency,
          frequency: j + 1,
          segment: expected,
        });
      });
    });
  });

  it('uses every one of the eight segments, and the contract names the same ones', () => {
    expect(new Set(GRID.flat())).toEqual(new Set(RFM_SEGMENTS));
    expect(RfmSegmentName.options).toEqual([...RFM_SEGMENTS]);
  });

  it('rejects scores outside 1 to 5 with exact messages', () => {
    expectError(
      () => rfmSegment(0, 3),
      RangeError,
      'recency must be a whole number from 1 to 5 (got 0)',
    );
    expectError(
      () => rfmSegment(3, 2.5),
      RangeError,
      'frequency must be a whole number from 1 to 5 (got 2.5)',
    );
    expectError(
      () => rfmSegment(6, 1),
      RangeError,
      'recency must be a whole number from 1 to 5 (got 6)',
    );
  });
});

describe('countRfmSegments', () => {
  it('counts every segment in the fixed order, empty ones as 0', () => {
    expect(countRfmSegments(['lost', 'champions', 'lost'])).toEqual(
      RFM_SEGMENTS.map((segment) => ({
        segment,
        customers: segment === 'lost' ? 2 : segment === 'champions' ? 1 : 0,
      })),
    );
  });
});
