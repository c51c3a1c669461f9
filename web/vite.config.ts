import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  server: { fs: { allow: ['..'] } },
  // The AWS SDK stays a runtime dependency of the server bundle; the browser bundle never imports it.
  ssr: { external: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'] },
});
