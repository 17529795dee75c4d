import { pointsMethods } from '../../src/shared/contract/points-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type PointsMethod = keyof typeof pointsMethods;

/** Handlers for the class points methods that fail if called: for router tests. */
export function pointsStubHandlers(): Pick<HandlerMap, PointsMethod> {
  const stub = (): never => {
    throw new Error('points method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(pointsMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, PointsMethod>;
}
