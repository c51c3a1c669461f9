/**
 * Hearth's SvelteKit adapter: writes the client assets (for S3), prerendered pages, and a Lambda entry
 * `build/server/lambda.js` that wraps SvelteKit's Server in lambda/sveltekit-handler.ts. CDK bundles
 * that entry with esbuild; the local gateway imports it as it is.
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
      const wrapper = relative(`${out}/server`, 'lambda/sveltekit-handler.ts');
      writeFileSync(
        `${out}/server/lambda.js`,
        [
          `import { Server } from './index.js';`,
          `import { manifest } from './manifest.js';`,
          `import { createSvelteKitHandler } from '${wrapper}';`,
          `export const handler = await createSvelteKitHandler(Server, manifest);`,
          '',
        ].join('\n'),
      );
    },
  };
}
