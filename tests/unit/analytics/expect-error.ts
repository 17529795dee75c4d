import { expect } from 'vitest';

/** Asserts that `run` throws exactly this error class with exactly this message. */
export function expectError(
  run: () => unknown,
  type: typeof TypeError | typeof RangeError,
  message: string,
): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'an error').toBeInstanceOf(Error);
  expect((thrown as Error).constructor).toBe(type);
  expect((thrown as Error).message).toBe(message);
}
