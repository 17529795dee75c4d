import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';

// A real RTMP server for tests: Debian's nginx with its RTMP module (packages nginx +
// libnginx-mod-rtmp; .ci/run and scripts/ensure-test-deps.mjs install them), one process per
// server (`master_process off`) so that SIGKILL takes the whole server down at once, listening
// on 127.0.0.1 only, recording every stream it receives to FLV files.

export const NGINX_BIN = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const NGINX_RTMP_MODULE = '/usr/lib/nginx/modules/ngx_rtmp_module.so';

/** Why the RTMP tests cannot run here, or null when they can. */
export function rtmpServerUnavailable(): string | null {
  if (!existsSync(NGINX_BIN)) return `nginx is not installed (${NGINX_BIN})`;
  if (!existsSync(NGINX_RTMP_MODULE))
    return `nginx's RTMP module is missing (${NGINX_RTMP_MODULE})`;
  if (spawnSync('ffmpeg', ['-version']).status !== 0) return 'ffmpeg is not installed';
  return null;
}

export interface RtmpServer {
  readonly port: number;
  readonly recordDir: string;
  /** rtmp://127.0.0.1:PORT/live */
  readonly url: string;
  /** SIGKILL: every connection drops at once, as when a platform's ingest goes away. */
  kill(): Promise<void>;
  /** Starts again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Bytes recorded so far for streams whose name starts with `name`. */
  recordedBytes(name: string): number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startRtmpServer(dir: string): Promise<RtmpServer> {
  const port = await freePort();
  const recordDir = join(dir, 'records');
  mkdirSync(recordDir, { recursive: true });
  // nginx drops to `nobody` for workers when it runs as root; here there is only the master,
  // but the record directory is made writable to all in case the config changes.
  chmodSync(recordDir, 0o777);
  const conf = join(dir, 'nginx.conf');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  writeFileSync(
    conf,
    [
      `load_module ${NGINX_RTMP_MODULE};`,
      'daemon off;',
      'master_process off;',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      'error_log stderr warn;',
      ...(isRoot ? ['user root;'] : []),
      'events { worker_connections 64; }',
      'rtmp {',
      '  server {',
      `    listen 127.0.0.1:${port};`,
      '    application live {',
      '      live on;',
      '      record all;',
      `      record_path ${recordDir};`,
      '      record_unique on;',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );

  let child: ChildProcess | null = null;
  let stderr = '';
  const launch = async (): Promise<void> => {
    stderr = '';
    const proc = spawn(NGINX_BIN, ['-e', 'stderr', '-p', dir, '-c', conf], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (text: string) => (stderr = (stderr + text).slice(-4_000)));
    child = proc;
    const deadline = Date.now() + 10_000;
    while (!(await canConnect(port))) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`nginx did not start on 127.0.0.1:${port}: ${stderr}`);
      }
      await sleep(50);
    }
  };
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
  };

  await launch();
  return {
    port,
    recordDir,
    url: `rtmp://127.0.0.1:${port}/live`,
    kill: () => halt('SIGKILL'),
    restart: launch,
    stop: () => halt('SIGQUIT'),
    recordedBytes: (name) =>
      readdirSync(recordDir)
        .filter((file) => file.startsWith(name))
        .reduce((sum, file) => sum + statSync(join(recordDir, file)).size, 0),
  };
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
