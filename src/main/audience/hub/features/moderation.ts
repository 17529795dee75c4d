import type { ChatSettings } from '../../../../shared/contract/live-api';
import { StudioError } from '../../../../shared/contract';
import {
  deleteChatMessage,
  getChatMessage,
  hideChatMessage,
} from '../../../storage/queries/live/chat';
import { getLiveSettings, updateChatSettings } from '../../../storage/queries/live/sessions';
import {
  devicesOfLearner,
  insertBan,
  insertMute,
  logModeration,
  viewerByPublicId,
} from '../../../storage/queries/live/viewers';
import { parseStrings } from '../../live-views';
import type { HubContext } from '../context';
import type { Feature } from '../feature';
import { sessionPublic } from '../projections';
import { ACTOR_HOST, Refusal, type Viewer } from '../state';

/** The chat's settings (open, slow mode, blocked words), mutes, bans and removed messages. */
export class Moderation implements Feature {
  readonly actions = {};
  readonly #ctx: HubContext;
  #settings: ChatSettings;
  #blockedLower: string[];

  constructor(ctx: HubContext) {
    this.#ctx = ctx;
    const settings = getLiveSettings(ctx.db, ctx.sessionId);
    if (!settings) throw new Error(`session ${String(ctx.sessionId)} has no join code`);
    this.#settings = {
      open: settings.chat_open === 1,
      slowModeSeconds: settings.slow_mode_seconds,
      blockedWords: parseStrings(settings.blocked_words),
    };
    this.#blockedLower = this.#settings.blockedWords.map((w) => w.toLowerCase());
  }

  /** The current settings (shared: callers must not change them). */
  get current(): ChatSettings {
    return this.#settings;
  }

  get settings(): ChatSettings {
    return { ...this.#settings, blockedWords: [...this.#settings.blockedWords] };
  }

  /** Refuses what a muted viewer says, and text with a blocked word. */
  checkSpeech(viewer: Viewer, text: string, now: number): void {
    if (viewer.mutedUntil > now) {
      throw new Refusal('MUTED', 'you are muted for a while', viewer.mutedUntil - now);
    }
    const lower = text.toLowerCase();
    const word = this.#blockedLower.find((w) => lower.includes(w));
    if (word !== undefined)
      throw new Refusal('BLOCKED_WORD', 'the message contains a blocked word');
  }

  configureChat(next: Partial<ChatSettings>): ChatSettings {
    const { db, sessionId, out } = this.#ctx;
    const settings: ChatSettings = { ...this.#settings, ...next };
    const now = this.#ctx.clock();
    db.transaction(() => {
      updateChatSettings(db, { sessionId, ...settings, now });
      logModeration(db, {
        sessionId,
        action: 'configure_chat',
        target: null,
        actor: ACTOR_HOST,
        at: now,
        detail: settings,
      });
    })();
    this.#settings = settings;
    this.#blockedLower = settings.blockedWords.map((w) => w.toLowerCase());
    out.broadcast(
      JSON.stringify({ type: 'session', session: sessionPublic(this.#ctx.session, settings) }),
    );
    this.#ctx.feed.changed('moderation');
    return this.settings;
  }

  removeMessage(messageId: number, how: 'hide' | 'delete'): void {
    const { db, sessionId, out, feed } = this.#ctx;
    const row = getChatMessage(db, messageId);
    if (!row || row.session_id !== sessionId) throw new StudioError('NOT_FOUND', 'no such message');
    const now = this.#ctx.clock();
    db.transaction(() => {
      const args = { messageId, at: now, actor: ACTOR_HOST };
      if (how === 'hide') hideChatMessage(db, args);
      else deleteChatMessage(db, args);
      logModeration(db, {
        sessionId,
        action: how === 'hide' ? 'hide_message' : 'delete_message',
        target: `m${String(messageId)}`,
        actor: ACTOR_HOST,
        at: now,
      });
    })();
    out.broadcast(JSON.stringify({ type: 'chatRemoved', messageId: `m${String(messageId)}` }));
    feed.changed('chat');
    feed.changed('moderation');
  }

  #viewerRow(publicId: string): { learnerId: number; name: string } {
    const row = viewerByPublicId(this.#ctx.db, this.#ctx.sessionId, publicId);
    if (!row) throw new StudioError('NOT_FOUND', 'no such viewer in this session');
    return { learnerId: row.learner_id, name: row.name };
  }

  mute(publicId: string, minutes: number): number {
    const { db, sessionId } = this.#ctx;
    const { learnerId } = this.#viewerRow(publicId);
    const now = this.#ctx.clock();
    const until = now + minutes * 60_000;
    db.transaction(() => {
      insertMute(db, { sessionId, learnerId, until, at: now, actor: ACTOR_HOST });
      logModeration(db, {
        sessionId,
        action: 'mute',
        target: publicId,
        actor: ACTOR_HOST,
        at: now,
        detail: { minutes },
      });
    })();
    const viewer = this.#ctx.viewers.get(learnerId);
    if (viewer) viewer.mutedUntil = until;
    this.#ctx.feed.changed('moderation');
    return until;
  }

  /** Bans every device the viewer used, and closes their live socket with `goodbye banned`. */
  ban(publicId: string, scope: 'session' | 'global', reason: string | null): number {
    const { db, sessionId, out } = this.#ctx;
    const { learnerId } = this.#viewerRow(publicId);
    const now = this.#ctx.clock();
    const devices = devicesOfLearner(db, learnerId);
    if (devices.length === 0) throw new StudioError('CONFLICT', 'this viewer has no device to ban');
    const banId = db.transaction(() => {
      let first = 0;
      for (const deviceToken of devices) {
        const id = insertBan(db, {
          sessionId: scope === 'global' ? null : sessionId,
          deviceToken,
          learnerId,
          reason,
          at: now,
          actor: ACTOR_HOST,
        });
        if (first === 0) first = id;
      }
      logModeration(db, {
        sessionId,
        action: 'ban',
        target: publicId,
        actor: ACTOR_HOST,
        at: now,
        detail: { scope, reason },
      });
      return first;
    })();
    const viewer = this.#ctx.viewers.get(learnerId);
    if (viewer?.conn) {
      const conn = viewer.conn;
      out.sendError(conn, null, 'BANNED', 'you have been removed from the class');
      out.goodbye(conn, 'banned');
    }
    this.#ctx.feed.changed('moderation');
    return banId;
  }
}
