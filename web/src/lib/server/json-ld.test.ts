import { describe, expect, it } from 'vitest';
import { jsonForScript } from './json-ld.ts';

describe('jsonForScript', () => {
  it('cannot end the script it sits in, and reads back as the same value', () => {
    const value = {
      reviewBody: 'Great</script><script>alert(1)</script> & <!-- more -->',
      author: { name: 'A\u2028B\u2029C' },
    };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
