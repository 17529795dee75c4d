import pino from 'pino';

export type Logger = Pick<pino.Logger, 'debug' | 'info' | 'warn' | 'error' | 'child'>;

/** Logs JSON lines to stderr (and so never into an API response). */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'encore',
      level: options.level ?? process.env.ENCORE_LOG_LEVEL ?? 'info',
      // Secrets that may one day pass through a log call (stream keys, tokens) are never written.
      redact: [
        'token',
        '*.token',
        'streamKey',
        '*.streamKey',
        'email',
        '*.email',
        'phone',
        '*.phone',
      ],
    },
    pino.destination(2),
  );
}

export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
