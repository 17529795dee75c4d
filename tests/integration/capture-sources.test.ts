import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const ctx = { transport: 'test' } as const;

describe('capture.sources', () => {
  const studios: Studio[] = [];
  afterEach(() => {
    for (const studio of studios.splice(0)) studio.close();
  });

  function start(desktopSources?: Parameters<typeof createStudio>[0]['desktopSources']): Studio {
    const studio = createStudio({
      dataDir: tempDir(),
      host: desktopSources ? 'electron' : 'browser',
      logger: createSilentLogger(),
      audience: { host: '127.0.0.1', port: 0 },
      ...(desktopSources ? { desktopSources } : {}),
    });
    studios.push(studio);
    return studio;
  }

  it("says UNAVAILABLE in a browser host, where the browser's own picker is used", async () => {
    const result = await start().router.handle('capture.sources', {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('passes the defaults to the shell and checks what comes back', async () => {
    const asked: unknown[] = [];
    const studio = start((options) => {
      asked.push(options);
      return Promise.resolve([
        { id: 'screen:0:0', name: 'Screen 1', kind: 'screen', thumbnail: null },
      ]);
    });
    const result = await studio.router.handle('capture.sources', {}, ctx);
    expect(result).toEqual({
      ok: true,
      value: [{ id: 'screen:0:0', name: 'Screen 1', kind: 'screen', thumbnail: null }],
    });
    expect(asked).toEqual([{ kinds: ['screen', 'window'], thumbnailWidth: 320 }]);
    const bad = await studio.router.handle('capture.sources', { kinds: ['tab'] }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});

describe('shell ports: safeStorage for stream keys', () => {
  it("keeps a saved stream key encrypted on disk when the shell passes Electron's safeStorage", async () => {
    // safeStorage's shape; reversible, and the plain key never appears in its output.
    const cipher = {
      isEncryptionAvailable: () => true,
      encryptString: (text: string) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)),
      decryptString: (data: Buffer) => Buffer.from(data.map((b) => b ^ 0x5a)).toString('utf8'),
    };
    const dataDir = tempDir();
    const studio = createStudio({
      dataDir,
      host: 'electron',
      logger: createSilentLogger(),
      audience: { host: '127.0.0.1', port: 0 },
      secretCipher: cipher,
    });
    try {
      const key = 'live_4f9a_secret_key_8d21';
      const saved = await studio.router.handle(
        'output.save',
        {
          name: 'Course platform',
          platform: 'custom',
          url: 'rtmp://127.0.0.1:1/live',
          streamKey: key,
          enabled: false,
        },
        ctx,
      );
      expect(saved).toMatchObject({ ok: true, value: { streamKeyMasked: '••••8d21' } });
      const files = readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
        .map((name) => join(dataDir, name))
        .filter((path) => statSync(path).isFile());
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(readFileSync(file).includes(key), file).toBe(false);
    } finally {
      studio.close();
    }
  });
});
