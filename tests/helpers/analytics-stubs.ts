import { analyticsMethods } from '../../src/shared/contract/analytics-api';
import { dashboardMethods } from '../../src/shared/contract/dashboards-api';
import type { HandlerMap } from '../../src/main/kernel/router';

const methods = { ...analyticsMethods, ...dashboardMethods };
type AnalyticsMethod = keyof typeof methods;

/**
 * Handlers for the analytics and dashboard methods that fail if called: for router tests about
 * other methods.
 */
export function analyticsStubHandlers(): Pick<HandlerMap, AnalyticsMethod> {
  const stub = (): never => {
    throw new Error('analytics method not used in this test');
  };
  return Object.fromEntries(Object.keys(methods).map((name) => [name, stub])) as unknown as Pick<
    HandlerMap,
    AnalyticsMethod
  >;
}
