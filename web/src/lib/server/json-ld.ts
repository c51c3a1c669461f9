/**
 * JSON for an inline `<script type="application/ld+json">`: the HTML parser ends a script at the first
 * `</script` whatever the JSON means, so `<`, `>` and `&` are written as JSON escapes (the same string
 * to a JSON reader), and the line separators some older readers reject as well.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
