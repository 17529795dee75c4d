import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FOLLOW_UP_TEMPLATES,
  buildMailMerge,
  checkoutLink,
  fillTemplate,
  type Recommendation,
} from '../../src/main/learners/mail-merge';
import type { CourseId, LearnerId } from '../../src/shared/model/ids';

const rec = (learnerId: number, courseId: number, name: string): Recommendation => ({
  learnerId: learnerId as LearnerId,
  displayName: name,
  courseId: courseId as CourseId,
  courseTitle: `Course ${String(courseId)}`,
});

describe('mail merge', () => {
  it('fills the four placeholders and leaves other braces alone', () => {
    expect(
      fillTemplate('Hi {name}: {course} at {link} with {coupon}. {unknown} {name}', {
        name: 'Ann',
        course: 'Piano 2',
        link: 'https://shop.example/p2?coupon=SPRING',
        coupon: 'SPRING',
      }),
    ).toBe('Hi Ann: Piano 2 at https://shop.example/p2?coupon=SPRING with SPRING. {unknown} Ann');
    expect(
      fillTemplate('{link}|{coupon}', { name: '', course: '', link: null, coupon: null }),
    ).toBe('|');
    // A name that looks like a placeholder is not filled again.
    expect(
      fillTemplate('{name} / {course}', {
        name: '{course}',
        course: 'X',
        link: null,
        coupon: null,
      }),
    ).toBe('{course} / X');
  });

  it('the default templates use every placeholder in both languages', () => {
    for (const text of Object.values(DEFAULT_FOLLOW_UP_TEMPLATES)) {
      for (const key of ['{name}', '{course}', '{link}', '{coupon}']) expect(text).toContain(key);
    }
  });

  it('sets the coupon on the checkout URL, replacing one it had', () => {
    expect(checkoutLink('https://shop.example/c/7?ref=live', 'WELCOME 10')).toBe(
      'https://shop.example/c/7?ref=live&coupon=WELCOME+10',
    );
    expect(checkoutLink('https://shop.example/c/7?coupon=OLD', 'NEW')).toBe(
      'https://shop.example/c/7?coupon=NEW',
    );
    expect(checkoutLink('https://shop.example/c/7', null)).toBe('https://shop.example/c/7');
    expect(checkoutLink(null, 'X')).toBeNull();
  });

  it('keeps only consenting learners with a contact, and counts the others by reason', () => {
    const merge = buildMailMerge({
      recommendations: [
        rec(1, 10, 'Ann'),
        rec(2, 10, 'Bea'),
        rec(3, 11, 'Cai'),
        rec(4, 11, 'Dan'),
        rec(5, 10, 'Gone'),
      ],
      contacts: new Map([
        [1, { consentFollowUp: true, email: 'ann@example.com', phone: null }],
        [2, { consentFollowUp: false, email: 'bea@example.com', phone: '+861' }],
        [3, { consentFollowUp: true, email: null, phone: null }],
        [4, { consentFollowUp: true, email: null, phone: '+8613900139000' }],
      ]),
      courses: new Map([
        [10, { checkoutUrl: 'https://shop.example/10', couponCodes: ['SPRING', 'LATE'] }],
        [11, { checkoutUrl: null, couponCodes: [] }],
      ]),
      template: '{name}: {course} {link} {coupon}',
      language: 'en',
    });
    expect(merge.leftOut).toEqual({ noConsent: 2, noContact: 1 });
    expect(merge.rows).toEqual([
      {
        learnerId: 1,
        displayName: 'Ann',
        email: 'ann@example.com',
        phone: null,
        courseId: 10,
        courseTitle: 'Course 10',
        checkoutUrl: 'https://shop.example/10?coupon=SPRING',
        coupon: 'SPRING',
        message: 'Ann: Course 10 https://shop.example/10?coupon=SPRING SPRING',
      },
      {
        learnerId: 4,
        displayName: 'Dan',
        email: null,
        phone: '+8613900139000',
        courseId: 11,
        courseTitle: 'Course 11',
        checkoutUrl: null,
        coupon: null,
        message: 'Dan: Course 11  ',
      },
    ]);
  });
});
