/** Writes schema.graphql from the code: `npm run schema`. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSchemaFile } from '../src/schema/print.js';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schema.graphql');
fs.writeFileSync(out, printSchemaFile());
console.log(`wrote ${out}`);
