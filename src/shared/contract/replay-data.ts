// The replay data a learner's page plays (issue #12), written once for both replays: the offline
// HTML file (src/main/review/replay-html.ts, data inline) and the LAN replay on the join link
// (src/main/review/lan-replay-route.ts serves it as GET /j/<code>/replay.json;
// src/renderer/viewer/replay/replay-data.ts checks it by hand). Plain interfaces, no zod: the
// viewer page imports them with `import type` only.

export interface ReplayChapter {
  t: number;
  /** Saved title, or the subject of a suggestion (poll question, offer title, scene). */
  title: string;
  source: string;
}

export interface ReplayChatLine {
  t: number;
  name: string;
  fromHost: boolean;
  text: string;
}

/** What both replays carry: the class's title, its chapters and its chat. */
export interface ReplayCommon<Part> {
  title: string;
  courseTitle: string | null;
  durationS: number;
  parts: Part[];
  chapters: ReplayChapter[];
  chat: ReplayChatLine[];
}

/** A part of the offline replay: a file beside the HTML file. */
export interface OfflineReplayPart {
  file: string;
  offsetS: number;
  durationS: number;
}

export interface OfflineReplayData extends ReplayCommon<OfflineReplayPart> {
  startedAt: number;
}

/** A part of the LAN replay: served as /j/<code>/replay/media/<index>. */
export interface LanReplayPart {
  index: number;
  offsetS: number;
  durationS: number;
}

export interface LanReplayData extends ReplayCommon<LanReplayPart> {
  /** How often the page reports what it played. */
  heartbeatMs: number;
  /**
   * The class's satisfaction survey, offered at the end of the replay (its id, answered with
   * POST /j/<code>/replay/survey), or null when the class had none.
   */
  surveyId: string | null;
}

/** The body of GET /j/<code>/replay.json: the replay, or why there is none. */
export type LanReplayAnswer =
  | ({ state: 'replay' } & LanReplayData)
  | { state: 'none' | 'off' | 'no-recording'; message: string };
