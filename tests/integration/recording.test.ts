import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { createEventBus } from '../../src/main/kernel/event-bus';
import { Mp4BoxScanner } from '../../src/main/media/http-stream/mp4-boxes';
import { StreamRelay } from '../../src/main/media/http-stream/stream-relay';
import { RecordingService } from '../../src/main/media/recording/recording-service';
import type { MethodOutput } from '../../src/shared/contract';
import { call, callError, startStudio, useLiveCleanup } from '../helpers/audience';
import { ffprobe, makeFragmentedMp4, randomChunks } from '../helpers/media';
import { watchStream } from '../helpers/stream-viewer';
import { useTempDirs } from '../helpers/temp-dir';
import type { Studio } from '../../src/main/app/create-studio';

const tempDir = useTempDirs();
const { studios } = useLiveCleanup();
const CHILD = join(import.meta.dirname, '..', 'helpers', 'recording-child.ts');
const MP4 = 'video/mp4;codecs=avc1,opus';
const source = makeFragmentedMp4({ seconds: 6 });

async function liveStudio(): Promise<{
  studio: Studio;
  sessionId: MethodOutput<'session.create'>['id'];
}> {
  const studio = startStudio(tempDir());
  studios.push(studio);
  const session = await call(studio, 'session.create', { title: 'Recorded class' });
  await call(studio, 'session.start', { sessionId: session.id });
  return { studio, sessionId: session.id };
}

async function settled(
  studio: Studio,
  recordingId: number,
): Promise<MethodOutput<'recording.get'>> {
  for (;;) {
    const info = await call(studio, 'recording.get', { recordingId });
    if (!info.finalising && info.status !== 'recording') return info;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('recording through the studio API', () => {
  it('writes random-sized chunks in order, finalises with ffmpeg, and streams them', async () => {
    const { studio, sessionId } = await liveStudio();
    const info = await call(studio, 'audience.info', { sessionId });
    const streamUrl = `ws://127.0.0.1:${String(info.port)}/stream/${info.joinCode}`;
    const early = await watchStream(streamUrl);

    const recording = await call(studio, 'recording.start', { sessionId, mimeType: MP4 });
    expect(recording).toMatchObject({ status: 'recording', sessionId, mimeType: MP4 });
    expect(recording.path).toContain(join('recordings', String(sessionId)));
    const chunks = randomChunks(source, 50_000, 3);
    const half = Math.floor(chunks.length / 2);
    for (const [seq, bytes] of chunks.slice(0, half).entries()) {
      const ack = await call(studio, 'recording.append', { recordingId: recording.id, seq, bytes });
      expect(ack).toMatchObject({ seq, duplicate: false, recorded: true });
    }
    // A retry of the last chunk is acknowledged without writing; a gap is refused.
    const retry = await call(studio, 'recording.append', {
      recordingId: recording.id,
      seq: half - 1,
      bytes: chunks[half - 1]!,
    });
    expect(retry.duplicate).toBe(true);
    expect(
      await callError(studio, 'recording.append', {
        recordingId: recording.id,
        seq: half + 1,
        bytes: chunks[half + 1]!,
      }),
    ).toBe('CONFLICT');

    // A viewer joining mid-stream gets the init segment and the newest keyframe on.
    const late = await watchStream(streamUrl);
    for (const [i, bytes] of chunks.slice(half).entries()) {
      await call(studio, 'recording.append', { recordingId: recording.id, seq: half + i, bytes });
    }
    const stopped = await call(studio, 'recording.stop', { recordingId: recording.id });
    expect(stopped.endedAt).not.toBeNull();
    const done = await settled(studio, recording.id);
    expect(done.status).toBe('finalised');
    expect(done.durationMs).toBeGreaterThan(5_500);
    expect(done.durationMs).toBeLessThan(6_500);

    const probe = ffprobe(done.path);
    expect(probe.durationS).toBeGreaterThan(5.5);
    expect(probe.durationS).toBeLessThan(6.5);
    expect(probe.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    // Remuxed to a normal MP4: no moof left, moov before mdat (faststart).
    const finalBytes = readFileSync(done.path);
    expect(finalBytes.includes(Buffer.from('moof'))).toBe(false);
    expect(finalBytes.indexOf('moov')).toBeLessThan(finalBytes.indexOf('mdat'));

    await expect.poll(() => early.control.map((f) => f.type)).toContain('ended');
    expect(early.control.map((f) => f.type)).toEqual(['hello', 'init', 'ended']);
    expect(early.media).toHaveLength(1 + 6);
    expect(Buffer.concat(early.media).byteLength).toBeGreaterThan(source.byteLength * 0.95);
    expect(late.control[0]).toEqual({ type: 'hello', live: true });
    expect(late.media[0]).toEqual(early.media[0]);
    expect(late.media.length).toBeLessThan(early.media.length);
    early.close();
    late.close();

    const list = await call(studio, 'recording.list', { sessionId });
    expect(list.map((r) => r.id)).toEqual([recording.id]);
    const status = await call(studio, 'broadcast.status', { sessionId });
    expect(status).toMatchObject({ ffmpeg: true, recording: { id: recording.id } });
  });

  it('refuses to record a session that is not live, and bytes that are not a chunk', async () => {
    const studio = startStudio(tempDir());
    studios.push(studio);
    const session = await call(studio, 'session.create', { title: 'Not yet' });
    expect(
      await callError(studio, 'recording.start', { sessionId: session.id, mimeType: MP4 }),
    ).toBe('CONFLICT');
    expect(
      await callError(studio, 'recording.start', { sessionId: session.id, mimeType: 'text/html' }),
    ).toBe('BAD_INPUT');
  });

  it('stops cleanly at the last complete fragment when the disk fills, and keeps streaming', async () => {
    const { studio, sessionId } = await liveStudio();
    const db = (): ReturnType<Studio['workspace']>['db'] => studio.workspace().db;
    const events: string[] = [];
    const bus = createEventBus(() => undefined);
    bus.subscribe((event, payload) => {
      if (event === 'recording.changed') events.push((payload as { status: string }).status);
    });
    let free = 10_000_000_000;
    const relay = StreamRelay.create({ db, logger: createSilentLogger() });
    const service = RecordingService.create({
      db,
      workspaceDir: () => studio.workspace().dir,
      clock: () => Date.now(),
      emit: (event, payload) => bus.emit(event, payload),
      logger: createSilentLogger(),
      relay,
      freeSpace: () => Promise.resolve(free),
      disk: { reserveBytes: 1_000_000_000 },
      healthIntervalMs: 20,
    });
    const recording = await service.start(sessionId, MP4);
    const chunks = randomChunks(source, 30_000, 5);
    const third = Math.floor(chunks.length / 3);
    for (const [seq, bytes] of chunks.slice(0, third).entries()) {
      await service.append(recording.id, seq, bytes);
    }
    free = 900_000_000; // below the reserve: the next health check stops the file
    await expect.poll(() => service.get(recording.id).status).toBe('interrupted');
    const ack = await service.append(recording.id, third, chunks[third]!);
    expect(ack.recorded).toBe(false);
    expect(service.get(recording.id).problem).toBe('diskFull');
    // Cut at a fragment boundary: ffprobe reads it, and it ends on a complete fragment.
    const probe = ffprobe(recording.path);
    expect(probe.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    const bytes = readFileSync(recording.path);
    const scanner = new Mp4BoxScanner();
    const boxes = scanner.push(bytes);
    expect(scanner.boundary).toBe(bytes.byteLength);
    expect(boxes.at(-1)?.type).toBe('mdat');
    expect(Buffer.from(source.subarray(0, bytes.byteLength)).equals(bytes)).toBe(true);
    await service.stop(recording.id);
    expect(events).toContain('interrupted');
    relay.close();
  });
});

describe('a crash while recording', () => {
  it('keeps every acknowledged byte; on restart the recording and session are interrupted', async () => {
    const dataDir = tempDir();
    const sourceFile = join(dataDir, 'source.mp4');
    writeFileSync(sourceFile, source);
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, sourceFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    let acked = 0;
    let acks = 0;
    let path = '';
    let recordingId = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      const [word, a, b] = line.split(' ');
      if (word === 'recording') {
        recordingId = Number(a);
        path = b ?? '';
      } else if (word === 'ack') {
        acked = Number(a);
        acks += 1;
        // Past the init segment and a few fragments: kill it mid-stream.
        if (acks === 25) child.kill('SIGKILL');
      } else if (word === 'done') {
        throw new Error('the child finished before it was killed');
      }
    }
    expect(await exited).toBe('SIGKILL');
    const written = readFileSync(path);
    expect(written.byteLength).toBeGreaterThanOrEqual(acked);
    expect(Buffer.from(source.subarray(0, written.byteLength)).equals(written)).toBe(true);
    // The cut file plays up to its last complete fragment.
    const probe = ffprobe(path);
    expect(probe.streams.map((s) => s.codec_type)).toContain('video');

    const studio = startStudio(dataDir);
    studios.push(studio);
    const recording = await call(studio, 'recording.get', { recordingId });
    expect(recording).toMatchObject({ status: 'interrupted', problem: 'crashed' });
    expect(recording.bytes).toBe(written.byteLength);
    expect(recording.endedAt).not.toBeNull();
    const state = await call(studio, 'live.state', { sessionId: recording.sessionId });
    expect(state.session.status).toBe('interrupted');
    // The educator goes live again: a new recording beside the kept one.
    await call(studio, 'session.start', { sessionId: recording.sessionId });
    const next = await call(studio, 'recording.start', {
      sessionId: recording.sessionId,
      mimeType: MP4,
    });
    expect(next.id).not.toBe(recordingId);
    await call(studio, 'recording.stop', { recordingId: next.id });
    await settled(studio, next.id);
  });
});
