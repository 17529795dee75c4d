import { createHealthMonitor } from '../../src/main/kernel/health';
import { execFile, type ChildProcess } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../src/shared/contract/errors';
import { OutputInfo, type OutputId } from '../../src/shared/contract/outputs-api';
import { backoffDelayMs, nextAttempt } from '../../src/main/media/outputs/backoff';
import { ffmpegArgs, ingestUrl, isH264 } from '../../src/main/media/outputs/ffmpeg-args';
import {
  createProgressParser,
  type FfmpegProgress,
} from '../../src/main/media/outputs/ffmpeg-progress';
import type { FramedPiece } from '../../src/main/media/outputs/framer-pieces';
import { createOutputHandlers } from '../../src/main/media/outputs/output-handlers';
import { OutputManager, type OutputTuning } from '../../src/main/media/outputs/output-manager';
import { maskStreamKey, redactSecrets } from '../../src/main/media/outputs/redact';
import {
  SECRET_FILE_NAME,
  createFileSecretStore,
  type SecretCipher,
} from '../../src/main/media/outputs/secret-store';
import { createFramer } from '../../src/main/media/outputs/stream-framer';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import {
  PROGRAM_MIME,
  countFrames,
  liveProgram,
  makeProgramMp4,
  makeProgramWebm,
} from '../helpers/rtmp-media';
import {
  rtmpServerUnavailable,
  sleep,
  startRtmpServer,
  type RtmpServer,
} from '../helpers/rtmp-server';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const execFileAsync = promisify(execFile);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// ---------------------------------------------------------------------------------------------
// Pure parts

describe('reconnect backoff', () => {
  it('doubles from 1 s to a 30 s cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 40].map((attempt) => backoffDelayMs(attempt))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(() => backoffDelayMs(0)).toThrow(RangeError);
  });

  it('starts again from 1 s after 60 s of stable streaming, not before', () => {
    expect(nextAttempt(5, 60_000)).toBe(1);
    expect(nextAttempt(5, 59_999)).toBe(6);
    expect(nextAttempt(5, null)).toBe(6);
    expect(nextAttempt(0, null)).toBe(1);
  });
});

describe('stream keys in text', () => {
  it('are redacted as typed and as URL-encoded, and masked to their last four characters', () => {
    const key = 'live_123/abc?x=1&y=ok';
    const line = `rtmp://x/app/${key}: Broken pipe (${encodeURIComponent(key)})`;
    const redacted = redactSecrets(line, [key]);
    expect(redacted).not.toContain(key);
    expect(redacted).not.toContain(encodeURIComponent(key));
    expect(redacted).toBe('rtmp://x/app/[REDACTED]: Broken pipe ([REDACTED])');
    expect(maskStreamKey('abcd-efgh-ijkl-mnop')).toBe('••••mnop');
    expect(maskStreamKey('short')).toBe('••••');
    expect(maskStreamKey('')).toBe('');
  });
});

describe('ffmpeg command', () => {
  it('copies H.264 on its own canvas, re-encodes otherwise, and always sends AAC over FLV', () => {
    const target = ingestUrl('rtmp://127.0.0.1:1935/live/', 'k3y');
    expect(target).toBe('rtmp://127.0.0.1:1935/live/k3y');
    const copy = ffmpegArgs({ mime: PROGRAM_MIME, width: 1280, height: 720 }, 'landscape', target);
    expect(copy.join(' ')).toContain('-c:v copy');
    expect(copy.join(' ')).toContain('-c:a aac -b:a 128k -ar 44100');
    expect(copy.slice(-3)).toEqual(['-flvflags', 'no_duration_filesize', target]);

    const vp8 = ffmpegArgs({ mime: 'video/webm;codecs=vp8,opus' }, 'landscape', target).join(' ');
    expect(vp8).toContain('-f matroska -i pipe:0');
    expect(vp8).toContain('-c:v libx264 -preset veryfast');
    expect(vp8).toContain('-force_key_frames expr:gte(t,n_forced*2)');
    expect(vp8).not.toContain('-vf');

    const portrait = ffmpegArgs(
      { mime: PROGRAM_MIME, width: 1280, height: 720 },
      'portrait',
      target,
    );
    expect(portrait.join(' ')).toContain('pad=1080:1920');
    expect(portrait.join(' ')).toContain('libx264');
    expect(isH264('video/mp4')).toBe(true);
    expect(isH264('video/webm;codecs="h264,opus"')).toBe(true);
    expect(isH264('video/mp4;codecs=vp09.00.10.08,opus')).toBe(false);
  });

  it('reads -progress blocks however the text is split', () => {
    const reports: FfmpegProgress[] = [];
    const parse = createProgressParser((report) => reports.push(report));
    const text =
      'frame=42\nfps=30.0\nbitrate= 812.4kbits/s\ntotal_size=123456\nout_time_us=1400000\n' +
      'progress=continue\nframe=60\nbitrate=N/A\nprogress=end\n';
    for (let at = 0; at < text.length; at += 7) parse(text.slice(at, at + 7));
    expect(reports).toEqual([
      { frames: 42, bitrateKbps: 812.4, totalBytes: 123456, outTimeMs: 1400, ended: false },
      { frames: 60, bitrateKbps: 0, totalBytes: 0, outTimeMs: 0, ended: true },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Fragment boundaries and late starts

function frameAll(mime: string, bytes: Uint8Array, maxChunk: number): FramedPiece[] {
  const framer = createFramer(mime);
  const pieces: FramedPiece[] = [];
  let seed = 7;
  for (let at = 0; at < bytes.length;) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const size = 1 + (seed % maxChunk);
    pieces.push(...framer.push(bytes.subarray(at, at + size)));
    at += size;
  }
  expect(framer.broken).toBeNull();
  return pieces;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

function fourcc(bytes: Uint8Array, at: number): string {
  return Buffer.from(bytes.subarray(at, at + 4)).toString('latin1');
}

/** The init pieces, then the pieces from the `n`th fragment boundary on (0-based). */
function lateStart(pieces: readonly FramedPiece[], n: number): Uint8Array {
  const init = pieces.filter((piece) => piece.init).map((piece) => piece.bytes);
  const boundaries = pieces.flatMap((piece, index) => (piece.boundary ? [index] : []));
  const from = boundaries[n];
  if (from === undefined) throw new Error(`no fragment ${n}`);
  return concat([...init, ...pieces.slice(from).map((piece) => piece.bytes)]);
}

describe('program stream framing', () => {
  it('cuts fragmented MP4 at moof boxes, whatever the chunking; a late start decodes cleanly', () => {
    const mp4 = makeProgramMp4(5);
    for (const maxChunk of [7, 1_000, 64_000]) {
      const pieces = frameAll(PROGRAM_MIME, mp4, maxChunk);
      expect(concat(pieces.map((piece) => piece.bytes))).toEqual(mp4);
      const init = concat(pieces.filter((piece) => piece.init).map((piece) => piece.bytes));
      expect(fourcc(init, 4)).toBe('ftyp');
      expect(fourcc(mp4, init.length + 4)).toBe('moof');
      const boundaries = pieces.filter((piece) => piece.boundary);
      expect(boundaries.length).toBeGreaterThanOrEqual(5);
      for (const piece of boundaries) expect(fourcc(piece.bytes, 4)).toBe('moof');
    }
    const file = join(tempDir(), 'late.mp4');
    writeFileSync(file, lateStart(frameAll(PROGRAM_MIME, mp4, 1_000), 2));
    const frames = countFrames(file);
    expect(frames.errors).toBe('');
    expect(frames.video).toBeGreaterThanOrEqual(60);
    expect(frames.audio).toBeGreaterThan(0);
  });

  it('cuts WebM at Clusters; the init segment is everything before the first one', () => {
    const webm = makeProgramWebm(4);
    const pieces = frameAll('video/webm;codecs=vp8,opus', webm, 3_000);
    expect(concat(pieces.map((piece) => piece.bytes))).toEqual(webm);
    const boundaries = pieces.filter((piece) => piece.boundary);
    expect(boundaries.length).toBeGreaterThanOrEqual(2);
    for (const piece of boundaries) {
      expect(Buffer.from(piece.bytes.subarray(0, 4)).toString('hex')).toBe('1f43b675');
    }
    const file = join(tempDir(), 'late.webm');
    writeFileSync(file, lateStart(pieces, 1));
    expect(countFrames(file).video).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// The manager with stand-in "ffmpeg" scripts (what reaches ffmpeg, and how failures are handled)

interface Harness {
  manager: OutputManager;
  db: Db;
  dir: string;
  events: { event: string; payload: unknown }[];
  logs: () => string;
}

const FAST_TUNING: Partial<OutputTuning> = {
  backoff: { initialMs: 200, maxMs: 1_000, stableMs: 60_000 },
  emitIntervalMs: 100,
};

function harness(options: { ffmpegPath?: string; tuning?: Partial<OutputTuning> } = {}): Harness {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'encore.db'));
  const events: Harness['events'] = [];
  let logText = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logText += chunk.toString('utf8');
      done();
    },
  });
  const manager = OutputManager.create({
    db: () => db,
    workspaceDir: () => dir,
    clock: () => Date.now(),
    logger: pino({ level: 'debug' }, sink),
    emit: (event, payload) => events.push({ event, payload }),
    ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
    tuning: { ...FAST_TUNING, ...options.tuning },
  });
  cleanups.push(async () => {
    await manager.close();
    db.close();
  });
  return { manager, db, dir, events, logs: () => logText };
}

function script(dir: string, name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const KEY = 'sk-live-9f8e7d6c5b4a3210';

describe('OutputManager', () => {
  it('stores destinations with the key outside the database, and never returns it', () => {
    const { manager, db, dir, events } = harness();
    const handlers = createOutputHandlers(
      manager,
      createHealthMonitor({ clock: () => 0, emit: () => undefined }),
    );
    const ctx = { transport: 'test' } as const;
    const saved = manager.save({
      name: 'YouTube class',
      platform: 'youtube',
      streamKey: KEY,
      canvas: 'landscape',
      enabled: true,
    });
    expect(saved.url).toBe('rtmp://a.rtmp.youtube.com/live2');
    expect(saved.streamKeyMasked).toBe('••••3210');
    expect(saved.status.state).toBe('idle');
    expect(OutputInfo.parse(saved)).toEqual(saved);

    // Not in the database file (nor its WAL), but in the 0600 secret file beside it.
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of readdirSync(dir).filter((name) => name.startsWith('encore.db'))) {
      expect(readFileSync(join(dir, file)).includes(KEY)).toBe(false);
    }
    const secretFile = join(dir, SECRET_FILE_NAME);
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(secretFile, 'utf8')).toContain(KEY);
    expect(manager.keyProtection()).toBe('file-permissions');

    // An update without a key keeps it; '' clears it; a new key replaces the old secret.
    const id = saved.id;
    const renamed = manager.save({
      id,
      name: 'Renamed',
      platform: 'youtube',
      canvas: 'portrait',
      enabled: false,
    });
    expect(renamed.streamKeyMasked).toBe('••••3210');
    expect(renamed.canvas).toBe('portrait');
    const rekeyed = manager.save({
      id,
      name: 'Renamed',
      platform: 'youtube',
      streamKey: 'new-key-0000-1111',
      canvas: 'portrait',
      enabled: false,
    });
    expect(rekeyed.streamKeyMasked).toBe('••••1111');
    expect(readFileSync(secretFile, 'utf8')).not.toContain(KEY);
    expect(
      manager.save({
        id,
        name: 'Renamed',
        platform: 'youtube',
        streamKey: '',
        canvas: 'portrait',
        enabled: false,
      }).streamKeyMasked,
    ).toBe('');

    expect(() =>
      manager.save({ name: 'Mine', platform: 'custom', canvas: 'landscape', enabled: true }),
    ).toThrow(StudioError);
    expect(manager.list()).toHaveLength(1);

    // Started before the broadcast: armed, it connects when the program stream starts.
    const armed = manager.startOutput(id).status;
    expect(armed).toMatchObject({ state: 'connecting', waitingForProgram: true });
    expect(manager.stopOutput(id).status).toMatchObject({
      state: 'idle',
      waitingForProgram: false,
    });

    void handlers['output.delete']({ id }, ctx);
    expect(manager.list()).toEqual([]);
    expect(JSON.stringify(events)).not.toContain(KEY);
    expect(events.at(-1)).toEqual({ event: 'output.removed', payload: { id } });
  });

  it('encrypts keys at rest when the shell provides a cipher (Electron safeStorage shape)', () => {
    // Stands in for safeStorage: reversible, and the plain key never appears in its output.
    const cipher: SecretCipher = {
      isEncryptionAvailable: () => true,
      encryptString: (text) => Buffer.from(Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)),
      decryptString: (data) => Buffer.from(data.map((byte) => byte ^ 0x5a)).toString('utf8'),
    };
    const file = join(tempDir(), SECRET_FILE_NAME);
    const store = createFileSecretStore(file, { cipher });
    expect(store.protection).toBe('os-encryption');
    store.set('k', KEY);
    expect(readFileSync(file, 'utf8')).not.toContain(KEY);
    expect(createFileSecretStore(file, { cipher }).get('k')).toBe(KEY);
    // Without the OS key (e.g. the browser host on the same workspace) the key must be re-entered.
    const warnings: string[] = [];
    const plain = createFileSecretStore(file, { onWarning: (message) => warnings.push(message) });
    expect(plain.get('k')).toBeNull();
    expect(warnings).toHaveLength(1);
  });

  it('gives a destination that starts late the init segment, then data from a moof', async () => {
    const dir = tempDir();
    const capture = join(dir, 'captured.mp4');
    const fake = script(dir, 'fake-ffmpeg', `exec cat > '${capture}'`);
    const { manager } = harness({ ffmpegPath: fake });
    const out = manager.save({
      name: 'Late',
      platform: 'custom',
      url: 'rtmp://127.0.0.1:1/live',
      streamKey: KEY,
      canvas: 'landscape',
      enabled: false,
    });
    const mp4 = makeProgramMp4(5);
    const pieces = frameAll(PROGRAM_MIME, mp4, 1_000);
    const offsets: number[] = [];
    let offset = 0;
    for (const piece of pieces) {
      if (piece.boundary) offsets.push(offset);
      offset += piece.bytes.length;
    }
    const [, second = 0, third = 0] = offsets;
    // The output is started in the middle of the second fragment: it must begin at the third.
    const startAt = Math.floor((second + third) / 2);
    manager.sink.start(PROGRAM_MIME, { width: 640, height: 360 });
    for (let at = 0; at < mp4.length; at += 1_000) {
      if (at <= startAt && startAt < at + 1_000) {
        manager.feed(mp4.subarray(at, startAt));
        manager.startOutput(out.id);
        manager.feed(mp4.subarray(startAt, at + 1_000));
      } else {
        manager.feed(mp4.subarray(at, at + 1_000));
      }
    }
    manager.sink.stop();
    await manager.close();

    const expected = lateStart(pieces, 2);
    await waitFor('the capture', () => statSync(capture).size === expected.length);
    expect(new Uint8Array(readFileSync(capture))).toEqual(expected);
    const frames = countFrames(capture);
    expect(frames.errors).toBe('');
    expect(frames.video).toBeGreaterThanOrEqual(60);
  });

  it('reconnects with backoff after ffmpeg fails, redacting the key, then gives up', async () => {
    const dir = tempDir();
    // Like ffmpeg when the server refuses: names the output URL (with the key) and exits 1.
    const fake = script(
      dir,
      'failing-ffmpeg',
      'for last; do :; done\necho "$last: Connection refused" >&2\nexit 1',
    );
    const { manager, events, logs } = harness({ ffmpegPath: fake, tuning: { maxAttempts: 3 } });
    const out = manager.save({
      name: 'Refused',
      platform: 'custom',
      url: 'rtmp://127.0.0.1:1/live',
      streamKey: KEY,
      canvas: 'landscape',
      enabled: true,
    });
    manager.sink.start(PROGRAM_MIME);
    const reconnecting = await waitFor('reconnecting', () => {
      const status = manager.get(out.id).status;
      return status.state === 'reconnecting' && status.attempts >= 2 ? status : null;
    });
    expect(reconnecting.nextRetryAt).not.toBeNull();
    expect(reconnecting.lastError).toBe('rtmp://127.0.0.1:1/live/[REDACTED]: Connection refused');
    const failed = await waitFor('failed', () => {
      const status = manager.get(out.id).status;
      return status.state === 'failed' ? status : null;
    });
    expect(failed.attempts).toBe(4);
    expect(logs()).toContain('[REDACTED]');
    expect(logs()).not.toContain(KEY);
    expect(JSON.stringify(events)).not.toContain(KEY);
    expect(events.filter((e) => e.event === 'output.changed').length).toBeGreaterThan(2);
  });

  it('never blocks the feed: a stuck ffmpeg gets whole fragments skipped and counted', async () => {
    const dir = tempDir();
    const stuck = script(dir, 'stuck-ffmpeg', 'exec sleep 30');
    const { manager } = harness({ ffmpegPath: stuck, tuning: { maxQueuedBytes: 32 * 1024 } });
    const out = manager.save({
      name: 'Stuck',
      platform: 'custom',
      url: 'rtmp://127.0.0.1:1/live',
      streamKey: KEY,
      canvas: 'landscape',
      enabled: true,
    });
    const mp4 = makeProgramMp4(8);
    manager.sink.start(PROGRAM_MIME);
    await sleep(200);
    for (const piece of frameAll(PROGRAM_MIME, mp4, 16_000)) manager.feed(piece.bytes);
    const status = manager.get(out.id).status;
    expect(status.droppedBytes).toBeGreaterThan(0);
    expect(status.droppedBytes).toBeLessThan(mp4.length);
    expect(status.state).toBe('connecting');
  });
});

// ---------------------------------------------------------------------------------------------
// Real ffmpeg to a real RTMP server

const unavailable = rtmpServerUnavailable();
if (unavailable) console.warn(`RTMP output tests skipped: ${unavailable}`);

async function probe(url: string): Promise<{ video?: string; profile?: string; audio?: string }> {
  const { stdout } = await execFileAsync(
    'ffprobe',
    [
      ...['-v', 'error', '-rw_timeout', '15000000'],
      ...['-show_entries', 'stream=codec_type,codec_name,profile', '-of', 'json', url],
    ],
    { timeout: 20_000 },
  );
  const streams = (
    JSON.parse(stdout) as {
      streams: { codec_type: string; codec_name: string; profile?: string }[];
    }
  ).streams;
  const video = streams.find((stream) => stream.codec_type === 'video');
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  return {
    ...(video ? { video: video.codec_name } : {}),
    ...(video?.profile ? { profile: video.profile } : {}),
    ...(audio ? { audio: audio.codec_name } : {}),
  };
}

describe.skipIf(unavailable !== null)('RTMP multistream to nginx-rtmp', () => {
  it('pushes to two servers; one dropping reconnects with backoff while the other streams on', async () => {
    const serverA: RtmpServer = await startRtmpServer(tempDir());
    cleanups.push(() => serverA.stop());
    const serverB: RtmpServer = await startRtmpServer(tempDir());
    cleanups.push(() => serverB.stop());
    const { manager, events, logs } = harness({
      tuning: { backoff: { initialMs: 500, maxMs: 4_000, stableMs: 60_000 } },
    });
    const keyA = 'class-a-7c1d9e2f';
    const keyB = 'class-b-3b8a6f04';
    const a = manager.save({
      name: 'A',
      platform: 'custom',
      url: serverA.url,
      streamKey: keyA,
      canvas: 'landscape',
      enabled: true,
    });
    const b = manager.save({
      name: 'B',
      platform: 'custom',
      url: serverB.url,
      streamKey: keyB,
      canvas: 'landscape',
      enabled: false,
    });
    const state = (id: OutputId) => manager.get(id).status;

    let slowestFeedMs = 0;
    manager.sink.start(PROGRAM_MIME, { width: 640, height: 360 });
    const program: ChildProcess = liveProgram(60, (chunk) => {
      const started = performance.now();
      manager.feed(chunk);
      slowestFeedMs = Math.max(slowestFeedMs, performance.now() - started);
    });
    cleanups.push(() => {
      program.kill('SIGKILL');
    });

    await waitFor('A live', () => state(a.id).state === 'live');
    // B joins a stream already running: init segment, then the next fragment.
    await sleep(1_500);
    manager.startOutput(b.id);
    await waitFor('B live', () => state(b.id).state === 'live');

    const [probeA, probeB] = await Promise.all([
      probe(`${serverA.url}/${keyA}`),
      probe(`${serverB.url}/${keyB}`),
    ]);
    expect(probeA).toEqual({ video: 'h264', profile: 'Constrained Baseline', audio: 'aac' });
    expect(probeB).toEqual({ video: 'h264', profile: 'Constrained Baseline', audio: 'aac' });

    // B's server goes away: B retries with growing waits; A is untouched.
    await serverB.kill();
    const aBytesAtKill = serverA.recordedBytes(keyA);
    const retrying = await waitFor('B reconnecting twice', () => {
      const status = state(b.id);
      return status.state === 'reconnecting' && status.attempts >= 2 ? status : null;
    });
    expect(retrying.lastError).not.toBeNull();
    expect(retrying.lastError).not.toContain(keyB);
    expect(state(a.id).state).toBe('live');
    await waitFor('A still recording', () => serverA.recordedBytes(keyA) > aBytesAtKill + 50_000);
    expect(state(a.id).state).toBe('live');
    expect(state(a.id).frames).toBeGreaterThan(0);

    // B's server is back: the next attempt gets through.
    const bBytesAtKill = serverB.recordedBytes(keyB);
    await serverB.restart();
    const restartedAt = Date.now();
    await waitFor('B live again', () => state(b.id).state === 'live', 20_000);
    const liveAgainAt = Date.now();
    await waitFor('B recorded again', () => serverB.recordedBytes(keyB) > bBytesAtKill + 50_000);
    const status = state(b.id);
    expect(status.bitrateKbps).toBeGreaterThan(0);
    expect(status.droppedBytes).toBe(0);

    manager.sink.stop();
    expect(state(a.id).state).toBe('idle');
    expect(state(b.id).state).toBe('idle');
    await manager.close();

    const everything = JSON.stringify(events) + logs();
    expect(everything).not.toContain(keyA);
    expect(everything).not.toContain(keyB);
    console.info(
      `rtmp-outputs: slowest feed() ${slowestFeedMs.toFixed(2)} ms; ` +
        `A recorded ${serverA.recordedBytes(keyA)} bytes; B while down: ` +
        `attempts ${retrying.attempts}, "${retrying.lastError ?? ''}"; B live again ` +
        `${((liveAgainAt - restartedAt) / 1_000).toFixed(1)} s after its server restarted`,
    );
  }, 90_000);
});
