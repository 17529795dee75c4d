import { followUpMethods } from '../../src/shared/contract/follow-ups-api';
import { rosterMethods } from '../../src/shared/contract/roster-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type RosterMethod = keyof typeof rosterMethods | keyof typeof followUpMethods;

/** Handlers for the roster and follow-up methods that fail if called: for router tests. */
export function rosterStubHandlers(): Pick<HandlerMap, RosterMethod> {
  const stub = (): never => {
    throw new Error('roster or follow-up method not used in this test');
  };
  return Object.fromEntries(
    [...Object.keys(rosterMethods), ...Object.keys(followUpMethods)].map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, RosterMethod>;
}
