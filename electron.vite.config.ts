import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { buildContentSecurityPolicy } from './src/shared/security/csp';

/**
 * Built pages carry the production CSP in a <meta> tag as well, so a file:// page is covered even
 * where a response-header hook does not apply. The dev server is left alone (its React Refresh
 * preamble is an inline script that the development policy allows).
 */
function cspMeta(): Plugin {
  return {
    name: 'encore-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: {
          'http-equiv': 'Content-Security-Policy',
          content: buildContentSecurityPolicy({ forMeta: true }),
        },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// Main and preload run in Electron; the renderer holds two apps: the educator's studio and the
// audience page served to learners' browsers. The browser host serves the same renderer build.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          // Started with new Worker() by src/main/insights/worker/analytics-worker-host.ts.
          'analytics-worker': resolve(
            import.meta.dirname,
            'src/main/insights/worker/analytics-worker.ts',
          ),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [react(), cspMeta()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      // electron-vite leaves the renderer unminified; the viewer page goes to phones over Wi-Fi.
      minify: true,
      rollupOptions: {
        input: {
          studio: resolve(import.meta.dirname, 'src/renderer/studio/index.html'),
          viewer: resolve(import.meta.dirname, 'src/renderer/viewer/index.html'),
        },
      },
    },
  },
});
