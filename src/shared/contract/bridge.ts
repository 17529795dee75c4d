import type { Envelope } from './envelope';

/**
 * What the preload exposes as `window.encore` inside Electron, and nothing more. In a browser
 * (the browser host) it is absent and the studio talks WebSocket instead.
 */
export interface EncoreBridge {
  invoke: (method: string, input: unknown) => Promise<Envelope<unknown>>;
  on: (event: string, listener: (payload: unknown) => void) => () => void;
  versions: { electron: string; chrome: string; node: string };
}
