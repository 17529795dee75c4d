import { outputMethods } from '../../src/shared/contract/outputs-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type OutputMethod = keyof typeof outputMethods;

/** Handlers for the `output.*` methods that fail if called: for router tests about others. */
export function outputStubHandlers(): Pick<HandlerMap, OutputMethod> {
  const stub = (): never => {
    throw new Error('output method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(outputMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, OutputMethod>;
}
