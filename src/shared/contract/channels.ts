// The two Electron IPC channels. This file imports nothing so that the sandboxed preload, which
// may require only 'electron', can bundle it without pulling in zod.
export const IPC_INVOKE_CHANNEL = 'encore:invoke';
export const IPC_EVENT_CHANNEL = 'encore:event';
