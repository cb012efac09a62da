/** graphql-codegen config: typed documents for the example client, from the committed schema.graphql. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodegenConfig } from '@graphql-codegen/cli';

// Paths come from this file's location, so `graphql-codegen --config examples/client/codegen.ts`
// and the drift test give the same output whatever the working directory.
const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.join(here, 'src');

/** Where the generated files go; the drift test points the same config at a temp dir. */
export const outputDir = path.join(src, 'gql');

/** The config for a given output directory (the committed one by default). */
export function codegenConfig(out: string = outputDir): CodegenConfig {
  return {
    schema: path.join(here, '..', '..', 'schema.graphql'),
    documents: [path.join(src, '**', '*.ts'), `!${path.join(outputDir, '**')}`],
    generates: {
      [out + path.sep]: {
        preset: 'client',
        presetConfig: { fragmentMasking: false },
        config: {
          useTypeImports: true,
          // Enums as string-literal unions: no runtime code, so `verbatimModuleSyntax` and
          // type stripping work, and a removed enum value is a type error where it is compared.
          enumType: 'string-literal',
          // `TypedDocumentString`: the query text itself, typed; fetch and graphql-ws take it as is
          // (no `print`, no graphql-js AST at runtime).
          documentMode: 'string',
          // NodeNext needs explicit extensions on relative imports.
          importExtension: '.js',
          scalars: { DateTime: 'string' },
          strictScalars: true,
        },
      },
      // Which concrete types each union and interface has (the `Error` unions of every mutation):
      // Apollo's InMemoryCache needs it as `possibleTypes`, or it drops `... on Error { message }`.
      [path.join(out, 'possible-types.ts')]: {
        plugins: ['fragment-matcher'],
        config: { apolloClientVersion: 3, useExplicitTyping: true },
      },
    },
  };
}

export default codegenConfig();
