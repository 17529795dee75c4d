import { reviewMethods } from '../../src/shared/contract/review-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type ReviewMethod = keyof typeof reviewMethods;

/** Handlers for the review methods that fail if called: for router tests about others. */
export function reviewStubHandlers(): Pick<HandlerMap, ReviewMethod> {
  const stub = (): never => {
    throw new Error('review method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(reviewMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, ReviewMethod>;
}
