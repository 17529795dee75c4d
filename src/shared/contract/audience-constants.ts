/**
 * The audience protocol's plain values, without zod: the viewer page imports these (and only
 * types from audience-protocol.ts), so that a phone does not download the schema library to join
 * a class. The server parses every frame with the schemas in audience-protocol.ts.
 */
export const AUDIENCE_PROTOCOL_VERSION = 1;

export const REACTION_NAMES = ['like', 'heart', 'clap', 'laugh', 'wow'] as const;

/** The longest comment a satisfaction survey answer may carry (the viewer's counter shows it). */
export const SURVEY_COMMENT_MAX_CHARS = 500;
