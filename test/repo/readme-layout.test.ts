/** The README's layout section names every folder of the repository (pages under web/src/routes aside). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SKIP = new Set(['node_modules', '.git', '.svelte-kit', 'build', 'cdk.out', '.data', '.scratch']);

function folders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !SKIP.has(e.name))
    .flatMap((e) => {
      const path = join(dir, e.name);
      const rel = relative(ROOT, path);
      // Pages are folders by SvelteKit's routing; the README names web/src/routes as one.
      return rel.startsWith('web/src/routes/') ? [] : [rel, ...folders(path)];
    });
}

describe('README layout', () => {
  it('lists every folder', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const layout = readme.slice(
      readme.indexOf('## Layout'),
      readme.indexOf('\n## ', readme.indexOf('## Layout') + 1),
    );
    const listed = new Set([...layout.matchAll(/^([\w./-]+)\/\s/gm)].map((m) => m[1]));
    expect(folders(ROOT).filter((f) => !listed.has(f))).toEqual([]);
  });
});
