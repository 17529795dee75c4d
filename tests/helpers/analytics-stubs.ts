import { analyticsMethods } from '../../src/shared/contract/analytics-api';
import type { HandlerMap } from '../../src/main/core/router';

type AnalyticsMethod = keyof typeof analyticsMethods;

/** Handlers for the analytics methods that fail if called: for router tests about other methods. */
export function analyticsStubHandlers(): Pick<HandlerMap, AnalyticsMethod> {
  const stub = (): never => {
    throw new Error('analytics method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(analyticsMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, AnalyticsMethod>;
}
