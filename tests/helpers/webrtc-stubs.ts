import { webrtcMethods } from '../../src/shared/contract/webrtc-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type WebRtcMethod = keyof typeof webrtcMethods;

/** Handlers for the webrtc methods that fail if called: for router tests about others. */
export function webrtcStubHandlers(): Pick<HandlerMap, WebRtcMethod> {
  const stub = (): never => {
    throw new Error('webrtc method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(webrtcMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, WebRtcMethod>;
}
