/**
 * A PostgreSQL array literal for one bound parameter (`= any(?::uuid[])`). Knex expands a JS
 * array binding into a list of parameters, which `any()` does not accept, and a statement's
 * text would then change with the number of keys, defeating prepared-plan reuse.
 */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((value) => `"${String(value).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
