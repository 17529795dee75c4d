import { canvasMethods } from '../../src/shared/contract/canvas-api';
import { canvasLoadMethods } from '../../src/shared/contract/canvas-load-api';
import { outputMethods } from '../../src/shared/contract/outputs-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type OutputMethod =
  keyof typeof outputMethods | keyof typeof canvasMethods | keyof typeof canvasLoadMethods;

/** Handlers for the `output.*` and `canvas.*` methods that fail if called: for router tests about others. */
export function outputStubHandlers(): Pick<HandlerMap, OutputMethod> {
  const stub = (): never => {
    throw new Error('output method not used in this test');
  };
  return Object.fromEntries(
    [
      ...Object.keys(outputMethods),
      ...Object.keys(canvasMethods),
      ...Object.keys(canvasLoadMethods),
    ].map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, OutputMethod>;
}
