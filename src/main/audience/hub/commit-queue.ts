import type { SingleServerFrame, ViewerAction } from '../../../shared/contract/audience-protocol';
import { eventIdByClientId } from '../../storage/queries/live/sessions';
import { phaseOf } from '../live-views';
import type { HubContext } from './context';
import type { ActionHandler, ActionHandlers, ActionType, BatchWriter } from './feature';
import { Refusal, type Conn, type Viewer } from './state';

/** What to do once an applied action's transaction committed, or null. */
type Applied = (() => void) | null;

interface Outcome {
  conn: Conn;
  frame: SingleServerFrame;
  after: (() => void) | null;
}

/**
 * Viewers' actions waiting to be stored. Every action queued during one outbound window is
 * committed in one transaction, just before the window's frames leave (a savepoint each, so a
 * refused or failed action never takes its neighbours with it), and only then acknowledged:
 * nothing acknowledged is lost, and an acknowledgement leaves no later than it did when each turn
 * of the event loop committed on its own. Features that add up what their actions store (reaction
 * counts) write it at the end of the same transaction (`BatchWriter`). A retried action (same client id) is acknowledged as a
 * duplicate without being stored again.
 */
export class CommitQueue {
  readonly #ctx: HubContext;
  readonly #handlers: ActionHandlers;
  readonly #writers: readonly BatchWriter[];
  /**
   * `#apply` in a savepoint of its own, made once: a transaction function made per action cost
   * more than the action's own statements (better-sqlite3 builds the wrapper on every call to
   * `db.transaction`), measured at ~30% of a window's commit at 2,000 reactions/s.
   */
  readonly #applyInSavepoint: (viewer: Viewer, frame: ViewerAction, now: number) => Applied;
  #pending: { conn: Conn; viewer: Viewer; frame: ViewerAction }[] = [];

  constructor(ctx: HubContext, handlers: ActionHandlers, writers: readonly BatchWriter[] = []) {
    this.#ctx = ctx;
    this.#handlers = handlers;
    this.#writers = writers;
    this.#applyInSavepoint = ctx.db.transaction(
      (viewer: Viewer, frame: ViewerAction, now: number) => this.#apply(viewer, frame, now),
    );
  }

  get size(): number {
    return this.#pending.length;
  }

  /** Queued until the next `commit` (the hub's outbound window). */
  push(conn: Conn, viewer: Viewer, frame: ViewerAction): void {
    this.#pending.push({ conn, viewer, frame });
  }

  /** Applies every queued action in one transaction, then acknowledges them (commit before ack). */
  commit(): void {
    const batch = this.#pending;
    this.#pending = [];
    const { db, out, sink } = this.#ctx;
    if (batch.length === 0 || this.#ctx.closed) return;
    const outcomes: Outcome[] = [];
    const now = this.#ctx.clock();
    try {
      db.transaction(() => {
        for (const { conn, viewer, frame } of batch) {
          outcomes.push(this.#applyOne(conn, viewer, frame, now));
        }
        for (const writer of this.#writers) writer.persist();
      })();
    } catch (error) {
      this.#ctx.stored.length = 0;
      for (const writer of this.#writers) writer.discard();
      this.#ctx.logger.error({ err: error }, 'could not store viewer actions');
      sink.health?.writeFailed(error);
      for (const { conn, frame } of batch) {
        out.sendError(conn, frame.id, 'UNAVAILABLE', 'not stored; try again', 1_000);
      }
      return;
    }
    sink.health?.writeSucceeded();
    for (const writer of this.#writers) writer.committed?.();
    this.#ctx.stored.length = 0;
    // The replies are placed where the commit began, before the broadcasts of what it stored.
    out.commitReplies(() => {
      for (const outcome of outcomes) {
        out.reply(outcome.conn, JSON.stringify(outcome.frame));
        outcome.after?.();
      }
    });
  }

  #applyOne(conn: Conn, viewer: Viewer, frame: ViewerAction, now: number): Outcome {
    const { db, sessionId } = this.#ctx;
    const clientId = { sessionId, learnerId: viewer.learnerId, clientId: frame.id };
    if (eventIdByClientId(db, clientId) !== undefined) {
      return { conn, frame: { type: 'ack', id: frame.id, duplicate: true }, after: null };
    }
    const stored = this.#ctx.stored.length;
    try {
      // A savepoint per action: a refused or failed action never takes its neighbours with it.
      const after = this.#applyInSavepoint(viewer, frame, now);
      return { conn, frame: { type: 'ack', id: frame.id, duplicate: false }, after };
    } catch (error) {
      // Its savepoint was rolled back: the events it stored are gone.
      this.#ctx.stored.length = stored;
      if (error instanceof Refusal) {
        return {
          conn,
          frame: {
            type: 'error',
            id: frame.id,
            code: error.code,
            message: error.message,
            retryAfterMs: error.retryAfterMs,
          },
          after: null,
        };
      }
      throw error;
    }
  }

  /** Stores one action through its feature; returns what to do once the transaction committed. */
  #apply(viewer: Viewer, frame: ViewerAction, now: number): Applied {
    // An ended class takes only survey answers and clicks on the offer still on screen (the
    // survey at End's grace period).
    if (
      phaseOf(this.#ctx.session.status) === 'ended' &&
      frame.type !== 'survey' &&
      frame.type !== 'offerClick'
    )
      throw new Refusal('SESSION_ENDED', 'the class has ended');
    // The map has a handler for every action type; TypeScript cannot correlate the frame's type
    // with its handler's parameter, hence the widening.
    const handler = this.#handlers[frame.type] as ActionHandler<ActionType>;
    return handler(viewer, frame, now);
  }
}
