import { describeValue } from './feature-table';

/**
 * Checks the `{ model, version }` header every serialised model carries and returns the record
 * for the model's own field checks.
 * @throws TypeError when `value` is not an object; RangeError for another model or version
 */
export function readModelHeader(
  value: unknown,
  model: string,
  version: number,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(
      `model must be an object like { model: "${model}", version: ${String(version)}, ... }`,
    );
  }
  const record = value as Record<string, unknown>;
  if (record.model !== model) {
    throw new RangeError(`model.model must be "${model}" (got ${describeValue(record.model)})`);
  }
  if (record.version !== version) {
    throw new RangeError(
      `model.version must be ${String(version)} (got ${describeValue(record.version)})`,
    );
  }
  return record;
}
