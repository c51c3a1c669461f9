/**
 * Hearth's SvelteKit adapter: writes the client assets (for S3), prerendered pages, and a Lambda entry
 * `build/server/lambda.js` that wraps SvelteKit's Server in lambda/sveltekit-handler.ts, behind the
 * secrets and telemetry of lambda/observed.ts. CDK bundles that entry with esbuild; the local gateway
 * imports it as it is.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

/** @returns {import('@sveltejs/kit').Adapter} */
export default function lambdaAdapter() {
  return {
    name: 'hearth-lambda',
    async adapt(builder) {
      const out = 'build';
      builder.rimraf(out);
      builder.writeClient(`${out}/client`);
      builder.writePrerendered(`${out}/prerendered`);
      builder.writeServer(`${out}/server`);
      writeFileSync(
        `${out}/server/manifest.js`,
        `export const manifest = ${builder.generateManifest({ relativePath: './' })};\n`,
      );
      writeFileSync(
        `${out}/server/lambda.js`,
        lambdaEntrySource(relative(`${out}/server`, 'lambda/observed.ts')),
      );
    },
  };
}

/**
 * The Lambda entry's source. Importing index.js reads no environment; SvelteKit reads it in `init`, which
 * `createObservedHandler` runs only once the secrets are loaded.
 * @param {string} observed the import path of lambda/observed.ts, relative to the entry's folder
 */
export function lambdaEntrySource(observed) {
  return [
    `import { Server } from './index.js';`,
    `import { manifest } from './manifest.js';`,
    `import { createObservedHandler } from '${observed}';`,
    `export const handler = await createObservedHandler(Server, manifest);`,
    '',
  ].join('\n');
}
