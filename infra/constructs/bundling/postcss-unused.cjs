// Stands in for postcss in the Lambda bundles. sanitize-html requires postcss at load time, but calls it
// only to parse a `style` attribute that the allow-list lets through; ours lets none through
// (shared/domain/markdown.ts), so postcss is never called, and loading it cost every cold start ~30 ms
// and ~200 KB. Should it ever be reached, the throw makes sanitize-html drop the attribute.
'use strict';
module.exports = {
  parse() {
    throw new Error('Style attributes are not allowed in user markdown.');
  },
};
