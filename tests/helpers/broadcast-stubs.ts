import { broadcastMethods } from '../../src/shared/contract/broadcast-api';
import { httpFeedMethods } from '../../src/shared/contract/http-feed-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type BroadcastMethod = keyof typeof broadcastMethods | keyof typeof httpFeedMethods;

/** Handlers for the broadcast methods that fail if called: for router tests about others. */
export function broadcastStubHandlers(): Pick<HandlerMap, BroadcastMethod> {
  const stub = (): never => {
    throw new Error('broadcast method not used in this test');
  };
  return Object.fromEntries(
    Object.keys({ ...broadcastMethods, ...httpFeedMethods }).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, BroadcastMethod>;
}
