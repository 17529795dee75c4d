import { importWizardMethods } from '../../src/shared/contract/import-wizard-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type WizardMethod = keyof typeof importWizardMethods;

/** Handlers for the import wizard's methods that fail if called: for router tests about others. */
export function importWizardStubHandlers(): Pick<HandlerMap, WizardMethod> {
  const stub = (): never => {
    throw new Error('import wizard method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(importWizardMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, WizardMethod>;
}
