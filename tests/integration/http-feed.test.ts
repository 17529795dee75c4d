import { describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../src/shared/contract';
import { call, callError, startStudio, useLiveCleanup } from '../helpers/audience';
import { makeFragmentedMp4, makeLiveWebm, randomChunks } from '../helpers/media';
import { watchStream } from '../helpers/stream-viewer';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const { studios } = useLiveCleanup();
const MP4 = 'video/mp4;codecs=avc1,opus';
const WEBM = 'video/webm;codecs=vp8,opus';
const recordingChunks = randomChunks(makeFragmentedMp4({ seconds: 4 }), 50_000, 5);
// One Cluster per keyframe, as MediaRecorder writes the feed.
const feed = makeLiveWebm({ seconds: 3, clusterMs: 10_000, gop: 15 });
const feedChunks = randomChunks(feed, 4_000, 8);

describe("the HTTP stream's low-latency feed through the studio API", () => {
  it('moves the viewers who ask for it onto the feed and back, and only those', async () => {
    const studio = startStudio(tempDir());
    studios.push(studio);
    const session = await call(studio, 'session.create', { title: 'Low-latency class' });
    const sessionId = session.id;
    await call(studio, 'session.start', { sessionId });
    const info: MethodOutput<'audience.info'> = await call(studio, 'audience.info', { sessionId });
    const base = `ws://127.0.0.1:${String(info.port)}/stream/${info.joinCode}`;

    // Not before the class is broadcast.
    expect(await callError(studio, 'httpFeed.start', { sessionId, mimeType: WEBM })).toBe(
      'CONFLICT',
    );

    const recording = await call(studio, 'recording.start', { sessionId, mimeType: MP4 });
    const half = Math.floor(recordingChunks.length / 2);
    for (const [seq, bytes] of recordingChunks.slice(0, half).entries())
      await call(studio, 'recording.append', { recordingId: recording.id, seq, bytes });

    const webmPage = await watchStream(`${base}?feed=webm`);
    const mp4Page = await watchStream(base);
    await expect.poll(() => webmPage.media.length).toBeGreaterThan(1);
    expect(webmPage.control.map((f) => f.type)).toEqual(['hello', 'init']);

    expect(await call(studio, 'httpFeed.start', { sessionId, mimeType: WEBM })).toEqual({
      sessionId,
      viewers: 1,
    });
    for (const [seq, bytes] of feedChunks.entries()) {
      expect(await call(studio, 'httpFeed.append', { sessionId, seq, bytes })).toEqual({
        seq,
        duplicate: false,
      });
    }
    // A retry of the last chunk is acknowledged again; a gap is refused.
    const last = feedChunks.length - 1;
    expect(
      await call(studio, 'httpFeed.append', { sessionId, seq: last, bytes: feedChunks[last]! }),
    ).toEqual({ seq: last, duplicate: true });
    expect(
      await callError(studio, 'httpFeed.append', {
        sessionId,
        seq: last + 5,
        bytes: feedChunks[0]!,
      }),
    ).toBe('CONFLICT');

    // The WebM page: its init, then every feed byte from the first Cluster on.
    const mp4Before = webmPage.media.length;
    await expect.poll(() => webmPage.control.map((f) => f.type)).toEqual(['hello', 'init', 'init']);
    expect(webmPage.control[2]).toEqual({
      type: 'init',
      mimeType: 'video/webm; codecs="vp8, opus"',
    });
    await expect
      .poll(() => Buffer.concat(webmPage.media.slice(mp4Before)).length)
      .toBe(feed.length);
    expect(Buffer.concat(webmPage.media.slice(mp4Before)).equals(Buffer.from(feed))).toBe(true);

    // The recording's stream goes on for the others, and no longer to the WebM page.
    for (const [i, bytes] of recordingChunks.slice(half).entries())
      await call(studio, 'recording.append', { recordingId: recording.id, seq: half + i, bytes });
    const onFeed = webmPage.media.length;
    await expect.poll(() => Buffer.concat(mp4Page.media).length).toBeGreaterThan(0);
    expect(mp4Page.control.map((f) => f.type)).toEqual(['hello', 'init']);
    expect(mp4Page.media.some((m) => m.includes(Buffer.from('webm')))).toBe(false);

    // The feed stops: the WebM page is back on the recording's stream.
    await call(studio, 'httpFeed.stop', { sessionId });
    await expect
      .poll(() => webmPage.control.map((f) => f.type))
      .toEqual(['hello', 'init', 'init', 'init']);
    expect(webmPage.control[3]).toMatchObject({
      mimeType: expect.stringMatching(/^video\/mp4/) as unknown,
    });
    expect(webmPage.media.length).toBeGreaterThan(onFeed);

    await call(studio, 'recording.stop', { recordingId: recording.id });
    await expect.poll(() => webmPage.control.at(-1)?.type).toBe('ended');
    webmPage.close();
    mp4Page.close();
  });
});
