import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { call, startStudio, useLiveCleanup } from '../helpers/audience';
import { PROGRAM_MIME, liveProgram } from '../helpers/rtmp-media';
import { rtmpServerUnavailable, startRtmpServer } from '../helpers/rtmp-server';
import { useTempDirs } from '../helpers/temp-dir';

// The recorder and the platform outputs meet here: every chunk the studio acknowledges for the
// recording also goes to each enabled RTMP destination, started and stopped with the recording.

const tempDir = useTempDirs();
const { studios } = useLiveCleanup();
const execFileAsync = promisify(execFile);
const unavailable = rtmpServerUnavailable();

async function until<T>(
  what: string,
  probe: () => Promise<T | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(unavailable !== null)('recording feeds the platform outputs', () => {
  it('sends the acknowledged program stream to an enabled RTMP destination as H.264 + AAC', async () => {
    const server = await startRtmpServer(tempDir());
    try {
      const studio = startStudio(tempDir());
      studios.push(studio);
      const session = await call(studio, 'session.create', { title: 'Multistreamed class' });
      await call(studio, 'session.start', { sessionId: session.id });
      const key = 'enc-live-5e6f7a8b';
      const output = await call(studio, 'output.save', {
        name: 'Local ingest',
        platform: 'custom',
        url: server.url,
        streamKey: key,
      });
      expect(output.streamKeyMasked).toBe('••••7a8b');

      const recording = await call(studio, 'recording.start', {
        sessionId: session.id,
        mimeType: PROGRAM_MIME,
      });
      // Chunks are appended strictly in order, as the renderer's recorder sends them.
      let seq = 0;
      let chain: Promise<unknown> = Promise.resolve();
      const program = liveProgram(12, (bytes) => {
        const next = seq++;
        chain = chain.then(() =>
          call(studio, 'recording.append', {
            recordingId: recording.id,
            seq: next,
            bytes: new Uint8Array(bytes),
          }),
        );
      });
      try {
        const status = async () =>
          (await call(studio, 'output.list', {})).find((o) => o.id === output.id)?.status;
        await until('the destination to go live', async () => (await status())?.state === 'live');
        await until('media at the ingest', () =>
          Promise.resolve(server.recordedBytes(key) > 100_000),
        );
        const { stdout } = await execFileAsync(
          'ffprobe',
          [
            '-v',
            'error',
            '-rw_timeout',
            '15000000',
            '-show_entries',
            'stream=codec_type,codec_name',
            '-of',
            'json',
            `${server.url}/${key}`,
          ],
          { timeout: 20_000 },
        );
        const streams = (
          JSON.parse(stdout) as { streams: { codec_type: string; codec_name: string }[] }
        ).streams;
        expect(streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual([
          'audio:aac',
          'video:h264',
        ]);
      } finally {
        program.kill('SIGKILL');
      }
      await chain;
      await call(studio, 'recording.stop', { recordingId: recording.id });
      const after = await until('the destination to stop with the recording', async () => {
        const found = (await call(studio, 'output.list', {})).find((o) => o.id === output.id);
        return found && found.status.state !== 'live' && found.status.state !== 'connecting'
          ? found
          : null;
      });
      expect(after.enabled).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
