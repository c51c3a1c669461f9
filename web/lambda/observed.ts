/**
 * The outer layer of the SvelteKit Lambda entry that web/adapter.js writes: the secrets reach the
 * environment before SvelteKit's Server reads it (in `init`), and are refreshed there before each request
 * (a rotated one then reaches our runtime and the origin check); each page request gets a log line and
 * metrics.
 */
import type { SSRManifest } from '@sveltejs/kit';
import { loadSecrets } from '../../shared/runtime/secrets.ts';
import { observeHttp } from '../../shared/runtime/telemetry.ts';
import { createSvelteKitHandler } from './sveltekit-handler.ts';

type ServerClass = Parameters<typeof createSvelteKitHandler>[0];

export async function createObservedHandler(Server: ServerClass, manifest: SSRManifest) {
  await loadSecrets();
  const handler = await createSvelteKitHandler(Server, manifest);
  return observeHttp({ request: 'PageRequest', serverError: 'Page5xx' }, async (event) => {
    await loadSecrets();
    return handler(event);
  });
}
