import { join } from 'node:path';
import { CompressedFiles } from '../net/compressed-files';
import type { ViewerAssets } from './viewer-assets';

/**
 * The viewer page and its assets, read and compressed (gzip, brotli) once per process and kept
 * while unchanged: every audience server of the process shares them, so a join storm of phones
 * costs no compression at all.
 */
export const VIEWER_FILES = CompressedFiles.create();

/** The page and every asset it names, to compress ahead of the first request; never throws. */
export function viewerFilesToWarm(
  rendererDir: string | undefined,
  assets: ViewerAssets | null,
): string[] {
  if (!rendererDir || !assets) return [];
  let names: ReadonlySet<string>;
  try {
    names = assets.names();
  } catch {
    names = new Set(); // a build being rewritten: the first request compresses instead
  }
  return [
    join(rendererDir, 'viewer', 'index.html'),
    ...[...names].map((name) => join(rendererDir, 'assets', name)),
  ];
}
