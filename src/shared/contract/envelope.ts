import { z } from 'zod';
import { ErrorBody, type ErrorCode } from './errors';

/** What every call across a boundary returns: a value, or an error without a stack trace. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

export const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorBody }),
]);

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

/** Turns a zod error into one readable line: `path: message; path: message`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(input)'}: ${issue.message}`)
    .join('; ');
}
