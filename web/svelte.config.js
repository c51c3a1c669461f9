import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import lambdaAdapter from './adapter.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: lambdaAdapter(),
    alias: { $shared: '../shared' },
    // Every stylesheet of ours is a few KB at most: inlined, a page paints without waiting on any
    // request (six render-blocking sheets on the board page otherwise). A larger one stays a file.
    inlineStyleThreshold: 8 * 1024,
    // SvelteKit adds a nonce (rendered pages) or a hash (prerendered) for its own inline start-up script,
    // so no inline script of anyone else's runs. Styles keep 'unsafe-inline' for style attributes
    // (`style:background` on tag colours, app.html's wrapper); with it SvelteKit adds no style nonce, which
    // would otherwise switch 'unsafe-inline' off.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'frame-ancestors': ['none'],
        'form-action': ['self'],
      },
    },
  },
};

export default config;
