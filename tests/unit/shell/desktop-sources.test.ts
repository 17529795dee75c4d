import { describe, expect, it } from 'vitest';
import { desktopSourceLister } from '../../../src/main/shell/desktop-sources';

// A fake desktopCapturer: Electron's getSources answer, shaped as Electron shapes it (a
// NativeImage per thumbnail), recording what it was asked.
function fakeCapturer() {
  const asked: unknown[] = [];
  const image = (dataUrl: string | null) => ({
    isEmpty: () => dataUrl === null,
    toDataURL: () => dataUrl ?? '',
  });
  const capturer = {
    getSources: (options: unknown) => {
      asked.push(options);
      return Promise.resolve([
        {
          id: 'window:42:0',
          name: 'Slides — Keynote',
          thumbnail: image('data:image/png;base64,AAA'),
        },
        { id: 'screen:0:0', name: 'Entire screen', thumbnail: image('data:image/png;base64,BBB') },
        { id: 'window:7:0', name: 'Minimised', thumbnail: image(null) },
      ]);
    },
  };
  return { capturer, asked };
}

describe('desktop sources (Electron desktopCapturer)', () => {
  it('lists screens first, then windows, with PNG thumbnails (none for an empty one)', async () => {
    const { capturer, asked } = fakeCapturer();
    const list = desktopSourceLister(capturer as never);
    const sources = await list({ kinds: ['screen', 'window'], thumbnailWidth: 320 });
    expect(asked).toEqual([
      {
        types: ['screen', 'window'],
        thumbnailSize: { width: 320, height: 180 },
        fetchWindowIcons: false,
      },
    ]);
    expect(sources).toEqual([
      {
        id: 'screen:0:0',
        name: 'Entire screen',
        kind: 'screen',
        thumbnail: 'data:image/png;base64,BBB',
      },
      {
        id: 'window:42:0',
        name: 'Slides — Keynote',
        kind: 'window',
        thumbnail: 'data:image/png;base64,AAA',
      },
      { id: 'window:7:0', name: 'Minimised', kind: 'window', thumbnail: null },
    ]);
  });
});
