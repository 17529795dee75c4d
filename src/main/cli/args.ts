import { parseArgs } from 'node:util';

export interface HostArgs {
  demo: boolean;
  port: number;
  host: string;
  dataDir: string | undefined;
  open: boolean;
}

export const DEFAULT_BROWSER_HOST_PORT = 4610;

/** Parses the options shared by `npm start` and `npm run serve`; throws a readable error. */
export function parseHostArgs(argv: string[]): HostArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      demo: { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      'no-open': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = values.port === undefined ? DEFAULT_BROWSER_HOST_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be a whole number from 0 to 65535, got ${String(values.port)}`);
  }
  return {
    demo: values.demo,
    port,
    host: values.host,
    dataDir: values['data-dir'],
    open: !values['no-open'],
  };
}
