import type { ViewerAction } from '../../../shared/contract/audience-protocol';
import { appendEvent } from '../../storage/queries/events';
import type { HubContext } from './context';
import type { Viewer } from './state';

/** The type of every frame a viewer sends that is stored (an action). */
export type ActionType = ViewerAction['type'];
export type ActionOf<K extends ActionType> = Extract<ViewerAction, { type: K }>;

/**
 * Stores one viewer action inside the commit queue's transaction (throws a `Refusal` to refuse
 * it); returns what to do once the transaction has committed (broadcasts, in-memory state), or
 * null.
 */
export type ActionHandler<K extends ActionType> = (
  viewer: Viewer,
  frame: ActionOf<K>,
  now: number,
) => (() => void) | null;

/** A handler per action type: a new frame type without a handler does not compile. */
export type ActionHandlers = { [K in ActionType]: ActionHandler<K> };

/**
 * One live feature (chat, questions, polls ...): the viewer actions it stores and, optionally,
 * what it does on the hub's tick.
 */
export interface Feature<K extends ActionType = never> {
  readonly actions: { [P in K]: ActionHandler<P> };
  tick?(now: number): void;
}

/**
 * A feature that adds up what its actions store and writes it once per transaction: `persist`
 * runs inside the commit queue's transaction after every action of the batch, `discard` when
 * that transaction failed (nothing of it was stored, nothing is acknowledged).
 */
export interface BatchWriter {
  persist(): void;
  discard(): void;
  /** After the transaction committed (optional). */
  committed?(): void;
}

/** The action's event row (its client id de-duplicates retries); returns the event id. */
export function actionEvent(
  ctx: HubContext,
  viewer: Viewer,
  frame: ViewerAction,
  kind: string,
  payload: unknown,
  now: number,
): number {
  const event = appendEvent(ctx.db, {
    sessionId: ctx.sessionId,
    learnerId: viewer.learnerId,
    kind,
    at: now,
    payload,
    clientId: frame.id,
  });
  if (event.inserted) ctx.stored.push({ learnerId: viewer.learnerId, kind });
  return event.id;
}
