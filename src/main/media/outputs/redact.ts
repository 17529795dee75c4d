export const REDACTED = '[REDACTED]';

/**
 * Removes secrets from a text that may quote them (ffmpeg's stderr prints its output URL, which
 * carries the stream key), as typed and as URL-encoded. Empty and very short secrets are left
 * alone: replacing a one-letter "key" everywhere would wreck the message and protect nothing.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 3) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURI(secret));
  }
  // Longest first, so that a form containing another is replaced whole.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    out = out.split(form).join(REDACTED);
  }
  return out;
}

const MASK = '••••';

/** What the API shows of a stream key: its last four characters, or nothing of a short key. */
export function maskStreamKey(key: string): string {
  if (key === '') return '';
  return key.length > 8 ? `${MASK}${key.slice(-4)}` : MASK;
}
