import { z } from 'zod';
import { EnvelopeSchema } from './envelope';

export { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from './channels';

/** Largest API frame the browser host accepts; API inputs are small. */
export const API_FRAME_MAX_BYTES = 256 * 1024;

export const ClientFrame = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  input: z.unknown(),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), envelope: EnvelopeSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
