import type * as z from 'zod';

/** The HTML constraints of a text field, read from the schema the server validates it with. */
export interface FieldLimits {
  required: boolean;
  minlength?: number;
  maxlength?: number;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
}

const defOf = (schema: z.ZodType) => schema._zod.def as unknown as Def;

/**
 * The string schema under optional, default, nullable and preprocess wrappers. A preprocess is a pipe
 * from a transform into the schema; a `.transform()` is a pipe from the schema into a transform.
 */
export function innerSchema(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  if (def.innerType) return innerSchema(def.innerType);
  if (def.type === 'pipe' && def.in && def.out) {
    return innerSchema(defOf(def.in).type === 'transform' ? def.out : def.in);
  }
  return schema;
}

const length = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * `required` when the schema rejects what an empty field posts (the empty string); lengths from its
 * `.min()`/`.max()`. A minimum of 0 or 1 says nothing `required` does not, so it is left out.
 */
export function fieldLimits(schema: z.ZodType): FieldLimits {
  const inner = innerSchema(schema) as z.ZodType & { minLength?: unknown; maxLength?: unknown };
  const min = length(inner.minLength);
  const max = length(inner.maxLength);
  return {
    required: !schema.safeParse('').success,
    ...(min !== undefined && min > 1 ? { minlength: min } : {}),
    ...(max !== undefined ? { maxlength: max } : {}),
  };
}

const isObjectSchema = (value: unknown): value is z.ZodObject =>
  typeof value === 'object' &&
  value !== null &&
  '_zod' in value &&
  (value as z.ZodType)._zod.def.type === 'object';

/**
 * The limits of every field of every object schema a module exports, by export and field name. The
 * build computes this once (see web/schema-limits-plugin.ts), so pages get numbers, not zod.
 */
export function moduleLimits(module: Record<string, unknown>): Record<string, Record<string, FieldLimits>> {
  const limits: Record<string, Record<string, FieldLimits>> = {};
  for (const [name, schema] of Object.entries(module)) {
    if (!isObjectSchema(schema)) continue;
    limits[name] = Object.fromEntries(
      Object.entries(schema.shape).map(([field, fieldSchema]) => [
        field,
        fieldLimits(fieldSchema as z.ZodType),
      ]),
    );
  }
  return limits;
}
