import { satisfactionMethods } from '../../src/shared/contract/satisfaction-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type SatisfactionMethod = keyof typeof satisfactionMethods;

/** Handlers for the satisfaction survey's methods that fail if called: for router tests. */
export function satisfactionStubHandlers(): Pick<HandlerMap, SatisfactionMethod> {
  const stub = (): never => {
    throw new Error('satisfaction method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(satisfactionMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, SatisfactionMethod>;
}
