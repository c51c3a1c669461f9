import { describe, expect, it } from 'vitest';
import { invalidProps } from './forms.ts';

describe('invalidProps', () => {
  const failure = { message: 'Check the form.', fields: { title: 'Title is required.' } };

  it('points a field with an error at it', () => {
    expect(invalidProps(failure, 'title', 'edit-title')).toEqual({
      'aria-invalid': 'true',
      'aria-describedby': 'edit-title-error',
    });
  });

  it('leaves a field without an error alone, or described by its hint only', () => {
    expect(invalidProps(failure, 'body', 'edit-body')).toEqual({
      'aria-invalid': undefined,
      'aria-describedby': undefined,
    });
    expect(invalidProps(null, 'title', 'title', 'title-hint')['aria-describedby']).toBe('title-hint');
  });

  it('puts the error before the hint', () => {
    expect(invalidProps(failure, 'title', 'title', 'title-hint')['aria-describedby']).toBe(
      'title-error title-hint',
    );
  });
});
