import { randomBytes, randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: a code read aloud or copied from a projector is typed right the first time. */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 6;
export const JOIN_CODE_PATTERN = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/;

export function newJoinCode(taken: (code: string) => boolean): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    let code = '';
    for (let i = 0; i < JOIN_CODE_LENGTH; i++)
      code += JOIN_CODE_ALPHABET.charAt(randomInt(JOIN_CODE_ALPHABET.length));
    if (!taken(code)) return code;
  }
  throw new Error('could not find a free join code');
}

/** The id other viewers see instead of any real identity; random, per session. */
export function newPublicViewerId(): string {
  return `v${randomBytes(6).toString('base64url')}`;
}
