import { randomUUID } from 'node:crypto';
import type { ChatMessagePublic } from '../../../../shared/contract/audience-protocol';
import type { LiveChatMessage } from '../../../../shared/contract/live-api';
import { appendEvent } from '../../../storage/queries/events';
import { insertChatMessage } from '../../../storage/queries/live/chat';
import { HOST_NAME } from '../../live-views';
import type { HubContext } from '../context';
import { actionEvent, type ActionHandler, type Feature } from '../feature';
import { HOST_VIEWER_ID, Refusal } from '../state';
import type { Moderation } from './moderation';

/** The class's chat: viewers' messages (within the moderation's rules) and the host's. */
export class Chat implements Feature<'chat'> {
  readonly #ctx: HubContext;
  readonly #moderation: Moderation;

  constructor(ctx: HubContext, moderation: Moderation) {
    this.#ctx = ctx;
    this.#moderation = moderation;
  }

  readonly actions: { chat: ActionHandler<'chat'> } = {
    chat: (viewer, frame, now) => {
      const { db, sessionId } = this.#ctx;
      const settings = this.#moderation.current;
      if (!settings.open) throw new Refusal('CHAT_CLOSED', 'the chat is closed');
      this.#moderation.checkSpeech(viewer, frame.text, now);
      const slowMs = settings.slowModeSeconds * 1_000;
      if (slowMs > 0 && now - viewer.lastChatAt < slowMs) {
        throw new Refusal('SLOW_MODE', 'slow mode is on', slowMs - (now - viewer.lastChatAt));
      }
      const eventId = actionEvent(this.#ctx, viewer, frame, 'chat', { text: frame.text }, now);
      const id = insertChatMessage(db, {
        sessionId,
        eventId,
        learnerId: viewer.learnerId,
        fromHost: false,
        text: frame.text,
        at: now,
        authorName: viewer.name,
      });
      viewer.lastChatAt = now;
      return () => {
        const message: ChatMessagePublic = {
          id: `m${String(id)}`,
          viewerId: viewer.publicId,
          name: viewer.name,
          text: frame.text,
          at: now,
          fromHost: false,
        };
        this.#ctx.out.broadcast(JSON.stringify({ type: 'chat', message }));
        this.#ctx.feed.chatPosted({
          id,
          viewerId: viewer.publicId,
          name: viewer.name,
          text: frame.text,
          at: now,
          fromHost: false,
          hidden: false,
        });
      };
    },
  };

  hostChat(text: string): LiveChatMessage {
    const { db, sessionId } = this.#ctx;
    const now = this.#ctx.clock();
    const id = db.transaction(() => {
      const eventId = appendEvent(db, {
        sessionId,
        learnerId: null,
        kind: 'host_chat',
        at: now,
        payload: { text },
        clientId: `host-${randomUUID()}`,
      }).id;
      return insertChatMessage(db, {
        sessionId,
        eventId,
        learnerId: null,
        fromHost: true,
        text,
        at: now,
        authorName: null,
      });
    })();
    const message: ChatMessagePublic = {
      id: `m${String(id)}`,
      viewerId: HOST_VIEWER_ID,
      name: HOST_NAME,
      text,
      at: now,
      fromHost: true,
    };
    this.#ctx.out.broadcast(JSON.stringify({ type: 'chat', message }));
    const live: LiveChatMessage = {
      id,
      viewerId: null,
      name: HOST_NAME,
      text,
      at: now,
      fromHost: true,
      hidden: false,
    };
    this.#ctx.feed.chatPosted(live);
    return live;
  }
}
