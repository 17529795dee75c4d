import { parseArgs } from 'node:util';

export interface HostArgs {
  demo: boolean;
  port: number;
  host: string;
  dataDir: string | undefined;
  open: boolean;
  /** Where learners connect (default: every interface, for the LAN). */
  audienceHost: string | undefined;
  audiencePort: number | undefined;
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
      'audience-host': { type: 'string' },
      'audience-port': { type: 'string' },
    },
    strict: true,
  });
  const port = parsePort('--port', values.port) ?? DEFAULT_BROWSER_HOST_PORT;
  return {
    demo: values.demo,
    port,
    host: values.host,
    dataDir: values['data-dir'],
    open: !values['no-open'],
    audienceHost: values['audience-host'],
    audiencePort: parsePort('--audience-port', values['audience-port']),
  };
}

function parsePort(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`${flag} must be a whole number from 0 to 65535, got ${value}`);
  }
  return port;
}
