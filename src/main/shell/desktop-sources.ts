import type { DesktopCapturer } from 'electron';
import type { DesktopSource, DesktopSourceKind } from '../../shared/contract/capture-api';

/** Lists what can be captured, for `capture.sources` (src/shared/contract/capture-api.ts). */
export type DesktopSourceLister = (options: {
  kinds: DesktopSourceKind[];
  thumbnailWidth: number;
}) => Promise<DesktopSource[]>;

/**
 * Electron's desktopCapturer as the studio's source lister: screens first, then windows, each
 * with a PNG thumbnail (empty thumbnails — minimised windows — become null).
 */
export function desktopSourceLister(
  capturer: Pick<DesktopCapturer, 'getSources'>,
): DesktopSourceLister {
  return async ({ kinds, thumbnailWidth }) => {
    const sources = await capturer.getSources({
      types: kinds,
      thumbnailSize: { width: thumbnailWidth, height: Math.round((thumbnailWidth * 9) / 16) },
      fetchWindowIcons: false,
    });
    return sources
      .map((source) => ({
        id: source.id,
        name: source.name,
        kind: source.id.startsWith('screen:') ? ('screen' as const) : ('window' as const),
        thumbnail: source.thumbnail.isEmpty() ? null : source.thumbnail.toDataURL(),
      }))
      .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'screen' ? -1 : 1));
  };
}
