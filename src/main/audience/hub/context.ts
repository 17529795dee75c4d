import type { Clock } from '../../kernel/clock';
import type { EventBus } from '../../kernel/event-bus';
import { guarded, type GuardSink } from '../../kernel/guarded';
import type { Logger } from '../../kernel/logger';
import type { Db } from '../../storage/connection';
import type { LiveSessionRow } from '../../storage/queries/live/sessions';
import type { Outbox } from './outbox';
import type { Viewer } from './state';
import type { StudioFeed } from './studio-feed';
import type { HubTuning } from './tuning';

/** A background write that failed (a full disk) is tried again no sooner than this. */
const BACKGROUND_RETRY_MS = 1_000;

/** What every module of one session's hub shares: its database, clock, sockets and viewers. */
export class HubContext {
  readonly db: Db;
  readonly sessionId: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly emit: EventBus['emit'];
  readonly tuning: HubTuning;
  readonly sink: GuardSink;
  readonly out: Outbox;
  readonly feed: StudioFeed;
  /** Viewers who joined (by learner id), connected or within their grace period. */
  readonly viewers = new Map<number, Viewer>();
  /**
   * The viewer events stored by the commit queue's current transaction (learner, kind), for the
   * class points: counted once that transaction has committed (`BatchWriter.committed`).
   */
  readonly stored: { learnerId: number; kind: string }[] = [];
  session: LiveSessionRow;
  closed = false;
  /** The class ended and its survey stays open for its viewers (the survey at End). */
  surveyGrace = false;
  #retryWritesAt = 0;

  constructor(deps: {
    db: Db;
    sessionId: number;
    clock: Clock;
    logger: Logger;
    emit: EventBus['emit'];
    tuning: HubTuning;
    sink: GuardSink;
    out: Outbox;
    feed: StudioFeed;
    session: LiveSessionRow;
  }) {
    this.db = deps.db;
    this.sessionId = deps.sessionId;
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.emit = deps.emit;
    this.tuning = deps.tuning;
    this.sink = deps.sink;
    this.out = deps.out;
    this.feed = deps.feed;
    this.session = deps.session;
  }

  /**
   * A write of the hub's own (timers, heartbeats): a failure is logged and reported to the
   * studio's health, and further background writes wait BACKGROUND_RETRY_MS (a full disk is not
   * hammered once per tick). The caller decides whether the work is retried; returns whether it
   * was written.
   */
  backgroundWrite(what: string, write: () => void): boolean {
    const now = this.clock();
    if (now < this.#retryWritesAt) return false;
    const written = guarded(this.sink, what, write)();
    if (written) this.sink.health?.writeSucceeded();
    else this.#retryWritesAt = now + BACKGROUND_RETRY_MS;
    return written;
  }
}
