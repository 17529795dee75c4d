import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The exported report's app (src/renderer/report) as ONE script and ONE stylesheet, which the
 * core inlines into a self-contained HTML file (src/main/core/report-export.ts). An ordinary
 * multi-page build splits shared code into chunks that load each other by URL — impossible in a
 * file opened offline — so it is built on its own, after electron-vite has emptied out/renderer.
 */
export default defineConfig({
  plugins: [react()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer/report'),
    emptyOutDir: true,
    // Fonts and images the styles name become data: URLs, so the file needs nothing else.
    assetsInlineLimit: () => true,
    cssCodeSplit: false,
    lib: {
      entry: resolve(import.meta.dirname, 'src/renderer/report/main.tsx'),
      formats: ['iife'],
      name: 'EncoreReport',
      fileName: () => 'report.js',
      cssFileName: 'report',
    },
  },
});
