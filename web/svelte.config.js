import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import lambdaAdapter from './adapter.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: lambdaAdapter(),
    alias: { $shared: '../shared' },
  },
};

export default config;
