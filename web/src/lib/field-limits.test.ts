import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import {
  boardUpdateSchema,
  magicLinkRequestSchema,
  newCommentSchema,
  newPostSchema,
  statusChangeSchema,
  tagInputSchema,
  voteOnBehalfSchema,
} from '../../../shared/domain/schemas.ts';
import * as schemas from '../../../shared/domain/schemas.ts';
import { fieldLimits, innerSchema, moduleLimits } from './field-limits.ts';

describe('fieldLimits', () => {
  it('reads the length limits of a required string', () => {
    expect(fieldLimits(newPostSchema.shape.title)).toEqual({ required: true, minlength: 4, maxlength: 140 });
    expect(fieldLimits(voteOnBehalfSchema.shape.source)).toEqual({
      required: true,
      minlength: 2,
      maxlength: 200,
    });
  });

  it('leaves out a minimum of one: required already says it', () => {
    expect(fieldLimits(newCommentSchema.shape.body)).toEqual({ required: true, maxlength: 5000 });
    expect(fieldLimits(tagInputSchema.shape.name)).toEqual({ required: true, maxlength: 40 });
  });

  it('unwraps a default: the field may stay empty', () => {
    expect(fieldLimits(newPostSchema.shape.body)).toEqual({ required: false, maxlength: 10_000 });
  });

  it('unwraps a preprocess around an optional string', () => {
    expect(fieldLimits(statusChangeSchema.shape.note)).toEqual({ required: false, maxlength: 5000 });
    expect(fieldLimits(voteOnBehalfSchema.shape.name)).toEqual({ required: false, maxlength: 100 });
  });

  it('reads a string format such as email', () => {
    expect(fieldLimits(voteOnBehalfSchema.shape.email)).toEqual({ required: true, maxlength: 254 });
    expect(fieldLimits(magicLinkRequestSchema.shape.email)).toEqual({ required: true, maxlength: 254 });
  });

  it('unwraps optional (a partial schema) and nullable; an empty field still posts a string', () => {
    expect(fieldLimits(boardUpdateSchema.shape.name)).toEqual({
      required: true,
      minlength: 2,
      maxlength: 60,
    });
    expect(fieldLimits(boardUpdateSchema.shape.description)).toEqual({ required: false, maxlength: 500 });
    expect(fieldLimits(z.string().min(2).max(9).nullable())).toEqual({
      required: true,
      minlength: 2,
      maxlength: 9,
    });
  });

  it('gives no lengths for a schema without them', () => {
    expect(fieldLimits(z.string())).toEqual({ required: false });
    expect(fieldLimits(z.string().regex(/^a+$/))).toEqual({ required: true });
  });
});

describe('innerSchema', () => {
  it('follows a transform pipe to the schema it starts from', () => {
    const inner = z.string().max(3);
    expect(innerSchema(inner.transform((s) => s.length))).toBe(inner);
  });
});

describe('moduleLimits', () => {
  it('covers every field of every exported object schema, and nothing else', () => {
    const limits = moduleLimits(schemas);
    expect(limits.newPostSchema?.title).toEqual(fieldLimits(newPostSchema.shape.title));
    expect(Object.keys(limits.editCommentSchema ?? {})).toEqual(['body']);
    expect(limits).not.toHaveProperty('tagSlugSchema');
    expect(limits).not.toHaveProperty('parseInput');
  });

  it('is plain data, as the build writes it into the browser bundle', () => {
    const limits = moduleLimits(schemas);
    expect(JSON.parse(JSON.stringify(limits))).toEqual(limits);
  });
});
