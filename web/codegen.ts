/** graphql-codegen config: the review app's typed documents, from the committed schema.graphql. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodegenConfig } from '@graphql-codegen/cli';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.join(here, 'src');

/** Where the generated files go; the drift test points the same config at a temp dir. */
export const outputDir = path.join(src, 'gql');

/** The config for a given output directory (the committed one by default). */
export function codegenConfig(out: string = outputDir): CodegenConfig {
  return {
    schema: path.join(here, '..', 'schema.graphql'),
    documents: [path.join(src, '**', '*.{ts,tsx}'), `!${path.join(outputDir, '**')}`],
    generates: {
      [out + path.sep]: {
        preset: 'client',
        presetConfig: { fragmentMasking: false },
        config: {
          useTypeImports: true,
          enumType: 'string-literal',
          // Documents as pre-parsed ASTs (TypedDocumentNode): urql takes them as they are, with no graphql-js at run time.
          scalars: { DateTime: 'string' },
          strictScalars: true,
        },
      },
    },
  };
}

export default codegenConfig();
