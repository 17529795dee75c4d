import { highValueMethods } from '../../src/shared/contract/high-value-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type HighValueMethod = keyof typeof highValueMethods;

/** Handlers for the high-value list's methods that fail if called: for router tests. */
export function highValueStubHandlers(): Pick<HandlerMap, HighValueMethod> {
  const stub = (): never => {
    throw new Error('high-value method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(highValueMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, HighValueMethod>;
}
