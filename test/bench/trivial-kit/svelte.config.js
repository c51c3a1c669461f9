/**
 * A SvelteKit app of one static-looking page, built with the repo's own SvelteKit and adapter: the floor
 * that test/bench/lighthouse.ts compares Hearth's pages against. The build runs in a temporary folder
 * (the adapter writes `build/` there); this folder holds the page and its template side by side, so it
 * needs no src/ tree of its own.
 */
import { fileURLToPath } from 'node:url';
import lambdaAdapter from '../../../web/adapter.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    adapter: lambdaAdapter(),
    files: {
      routes: here,
      appTemplate: `${here}app.html`,
      // Nothing of these exists here; pointing them at absent files keeps Kit from looking in src/.
      hooks: { client: `${here}hooks.client`, server: `${here}hooks.server`, universal: `${here}hooks` },
      lib: `${here}lib`,
      params: `${here}params`,
      assets: `${here}static`,
      serviceWorker: `${here}service-worker`,
    },
  },
};

export default config;
