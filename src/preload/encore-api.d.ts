import type { EncoreBridge } from '../shared/contract/bridge';

/**
 * `window.encore`, as the preload exposes it in the Electron studio window. In a browser (the
 * browser host, e2e tests) it is absent and the renderer uses the WebSocket transport instead,
 * hence optional. The shape itself lives in the shared contract so the renderer can name it.
 */
export type EncoreApi = EncoreBridge;

declare global {
  interface Window {
    readonly encore?: EncoreBridge;
  }
}
