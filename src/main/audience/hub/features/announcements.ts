import {
  announcementsOfSession,
  insertAnnouncement,
} from '../../../storage/queries/live/engagement';
import type { HubContext } from '../context';
import type { Feature } from '../feature';

export interface Announcement {
  id: number;
  text: string;
  at: number;
}

/** The host's announcements: the latest is shown to every viewer, including those who join later. */
export class Announcements implements Feature {
  readonly actions = {};
  readonly #ctx: HubContext;
  #latest: Announcement | null;

  constructor(ctx: HubContext) {
    this.#ctx = ctx;
    this.#latest = announcementsOfSession(ctx.db, ctx.sessionId).at(-1) ?? null;
  }

  get current(): Announcement | null {
    return this.#latest;
  }

  announce(text: string): Announcement {
    const at = this.#ctx.clock();
    const id = insertAnnouncement(this.#ctx.db, { sessionId: this.#ctx.sessionId, text, at });
    this.#latest = { id, text, at };
    this.#ctx.out.broadcast(
      JSON.stringify({ type: 'announcement', announcement: { id: `a${String(id)}`, text, at } }),
    );
    return { id, text, at };
  }
}
