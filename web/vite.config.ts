import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { schemaLimitsPlugin } from './schema-limits-plugin.ts';

export default defineConfig(({ isSsrBuild }) => ({
  // The browser's share of Svelte and SvelteKit comes as one chunk rather than a dozen: every page
  // needs most of it, gzip packs it better whole, and chunks under 1 KB go uncompressed (the CDN's
  // floor). Small chunks of our own are folded into the pages that use them. The server build keeps
  // Vite's defaults.
  build: isSsrBuild
    ? {}
    : {
        rollupOptions: {
          output: {
            manualChunks: (id: string) =>
              id.includes('/node_modules/') || id.includes('vite/preload-helper') ? 'runtime' : undefined,
            experimentalMinChunkSize: 4 * 1024,
          },
        },
      },
  plugins: [schemaLimitsPlugin(), sveltekit()],
  server: { fs: { allow: ['..'] } },
  // The AWS SDK stays a runtime dependency of the server bundle; the browser bundle never imports it.
  ssr: { external: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'] },
}));
