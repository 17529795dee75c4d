import { courseMethods } from '../../src/shared/contract/courses-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type CourseMethod = keyof typeof courseMethods;

/** Handlers for the catalogue methods that fail if called: for router tests about other methods. */
export function courseStubHandlers(): Pick<HandlerMap, CourseMethod> {
  const stub = (): never => {
    throw new Error('catalogue method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(courseMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, CourseMethod>;
}
