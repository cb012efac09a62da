/** One GraphQL enum from an `as const` list, every value with its description. */
import { builder } from './builder.js';

/** Declares enum `name` with `values` (the code's own list) and a description for each value. */
export function enumOf<T extends string>(name: string, values: readonly T[], description: string, docs: Record<T, string>) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(values.map((v) => [v, { value: v, description: docs[v] }])) as Record<T, { value: T; description: string }>,
  });
}
