import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

// The web app lives in web/; the server serves the build from dist/web (SPA fallback).
export default defineConfig({
  root: 'web',
  plugins: [svelte()],
  resolve: {
    alias: { $lib: `${repoRoot}web/src/lib`, $contract: `${repoRoot}server/src/contract` },
  },
  build: {
    outDir: `${repoRoot}dist/web`,
    emptyOutDir: true,
    // maplibre-gl alone is ~800 kB minified; it is split into its own chunk below.
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: (id) => (id.includes('node_modules/maplibre-gl') ? 'maplibre' : undefined),
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
