import { describe, expect, it } from 'vitest';
import { classConversion } from '../../src/renderer/studio/screens/reports/class-conversion';

const purchases = (attendees: number, boughtNow: number) => ({
  attendees,
  boughtBefore: null,
  boughtNow,
  repeatBuyers: null,
  newBuyers: null,
  repurchaseRate: null,
  firstPurchaseRate: null,
});

describe('class conversion (buyers ÷ viewers)', () => {
  it('divides the viewers who bought through the class by all viewers', () => {
    expect(classConversion(purchases(40, 6))).toEqual({ buyers: 6, viewers: 40, rate: 0.15 });
  });
  it('has no rate without viewers', () => {
    expect(classConversion(purchases(0, 0))).toEqual({ buyers: 0, viewers: 0, rate: null });
  });
});
