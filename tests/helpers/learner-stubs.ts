import { learnerMethods } from '../../src/shared/contract/learners-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type LearnerMethod = keyof typeof learnerMethods;

/** Handlers for the learner methods that fail if called: for router tests about other methods. */
export function learnerStubHandlers(): Pick<HandlerMap, LearnerMethod> {
  const stub = (): never => {
    throw new Error('learner method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(learnerMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, LearnerMethod>;
}
