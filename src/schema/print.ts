/** The committed schema.graphql text, printed from the code. */
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from './index.js';

/** schema.graphql as it should be on disk. */
export function printSchemaFile(): string {
  return `# Printed from the code by \`npm run schema\`. Do not edit by hand.\n\n${printSchema(lexicographicSortSchema(buildSchema()))}\n`;
}
