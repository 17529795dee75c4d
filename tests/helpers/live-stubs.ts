import { liveMethods } from '../../src/shared/contract/live-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type LiveMethod = keyof typeof liveMethods;

/** Handlers for the live methods that fail if called: for router tests about other methods. */
export function liveStubHandlers(): Pick<HandlerMap, LiveMethod> {
  const stub = (): never => {
    throw new Error('live method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(liveMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, LiveMethod>;
}
