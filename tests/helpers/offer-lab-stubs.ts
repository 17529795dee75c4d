import { offerLabMethods } from '../../src/shared/contract/offer-lab-api';
import type { HandlerMap } from '../../src/main/kernel/router';

type OfferLabMethod = keyof typeof offerLabMethods;

/** Handlers for the offer experiment and personal offer methods that fail if called: for router tests about others. */
export function offerLabStubHandlers(): Pick<HandlerMap, OfferLabMethod> {
  const stub = (): never => {
    throw new Error('offer-lab method not used in this test');
  };
  return Object.fromEntries(
    Object.keys(offerLabMethods).map((name) => [name, stub]),
  ) as unknown as Pick<HandlerMap, OfferLabMethod>;
}
