import { exportMethods } from '../../src/shared/contract/exports-api';
import type { HandlerMap } from '../../src/main/core/router';

type ExportMethod = keyof typeof exportMethods;

/** Handlers for the export methods that fail if called: for router tests about others. */
export function exportStubHandlers(): Pick<HandlerMap, ExportMethod> {
  const stub = (): never => {
    throw new Error('export method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(exportMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, ExportMethod>;
}
