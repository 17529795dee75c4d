import { z } from 'zod';

// Branded ids: a SessionId cannot be passed where a LearnerId is expected, although both are
// SQLite integer row ids at run time.
export const CourseId = z.number().int().positive().brand<'CourseId'>();
export type CourseId = z.infer<typeof CourseId>;
export const LearnerId = z.number().int().positive().brand<'LearnerId'>();
export type LearnerId = z.infer<typeof LearnerId>;
export const SessionId = z.number().int().positive().brand<'SessionId'>();
export type SessionId = z.infer<typeof SessionId>;
export const OrderId = z.number().int().positive().brand<'OrderId'>();
export type OrderId = z.infer<typeof OrderId>;
