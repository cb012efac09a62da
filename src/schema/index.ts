/** Imports every entity file and builds the schema. */
import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './enums.js';
import './errors.js';
import './batch.js';
import './video.js';
import './clip-plan.js';
import './plan-versions.js';
import './render.js';
import './webhook.js';
import './health.js';
import './progress.js';
import './plan-enums.js';
import './batch-plan-fields.js';
import './token-report.js';
import './estimate.js';
import './timeline.js';
import './media-files.js';
import './thumbnail-strip.js';

let schema: GraphQLSchema | null = null;

/** The GraphQL schema (built once, on first use). */
export function buildSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: true });
  return schema;
}
