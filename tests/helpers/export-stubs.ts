import { captureMethods } from '../../src/shared/contract/capture-api';
import { exportMethods } from '../../src/shared/contract/exports-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type StubbedMethod = keyof typeof exportMethods | keyof typeof captureMethods;

/** Handlers for the export and capture methods that fail if called: for tests about others. */
export function exportStubHandlers(): Pick<HandlerMap, StubbedMethod> {
  const stub = (): never => {
    throw new Error('export/capture method not used in this test');
  };
  return Object.fromEntries(
    [...Object.keys(exportMethods), ...Object.keys(captureMethods)].map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, StubbedMethod>;
}
