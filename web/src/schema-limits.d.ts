/** The module web/schema-limits-plugin.ts makes: each exported object schema's fields, by name. */
declare module 'virtual:schema-limits' {
  import type * as z from 'zod';
  import type { FieldLimits } from '$lib/field-limits';
  import type * as schemas from '$shared/domain/schemas.ts';

  type Schemas = typeof schemas;
  type Limits = {
    [S in keyof Schemas as Schemas[S] extends z.ZodObject ? S : never]: Schemas[S] extends z.ZodObject<
      infer Shape
    >
      ? { [F in keyof Shape]: FieldLimits }
      : never;
  };
  const limits: Limits;
  export default limits;
}
