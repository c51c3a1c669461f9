import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { schemaLimitsPlugin } from './schema-limits-plugin.ts';

export default defineConfig({
  plugins: [schemaLimitsPlugin(), sveltekit()],
  server: { fs: { allow: ['..'] } },
  // The AWS SDK stays a runtime dependency of the server bundle; the browser bundle never imports it.
  ssr: { external: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'] },
});
