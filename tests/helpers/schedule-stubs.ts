import { scheduleMethods } from '../../src/shared/contract/schedule-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type ScheduleMethod = keyof typeof scheduleMethods;

/** Handlers for the schedule methods that fail if called: for router tests about others. */
export function scheduleStubHandlers(): Pick<HandlerMap, ScheduleMethod> {
  const stub = (): never => {
    throw new Error('schedule method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(scheduleMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, ScheduleMethod>;
}
