import type { Plugin } from 'vite';
import * as schemas from '../shared/domain/schemas.ts';
import { moduleLimits } from './src/lib/field-limits.ts';

const ID = 'virtual:schema-limits';

/**
 * `virtual:schema-limits`: the HTML limits (required, minlength, maxlength) of every input schema's
 * fields, read from the schemas when the build starts. Form fields get the server's numbers without
 * shipping zod to the browser (about 26 KB gzipped). Dev servers read them at start-up: restart after
 * changing a schema.
 */
export function schemaLimitsPlugin(): Plugin {
  return {
    name: 'hearth-schema-limits',
    resolveId: (id) => (id === ID ? `\0${ID}` : undefined),
    load: (id) =>
      id === `\0${ID}` ? `export default ${JSON.stringify(moduleLimits(schemas))};\n` : undefined,
  };
}
