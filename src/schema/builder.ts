/** The Pothos builder, and nothing else. */
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver } from 'graphql-scalars';
import type { Context } from './context.js';

/** The schema builder every entity file registers its types on. */
export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  Scalars: { DateTime: { Input: Date; Output: Date } };
}>({
  plugins: [ErrorsPlugin, RelayPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    nodeQueryOptions: { description: 'Fetches any object that implements Node by its global ID.' },
    nodesQueryOptions: false,
    nodeTypeOptions: { description: 'An object with a globally unique, opaque ID.' },
    pageInfoTypeOptions: { description: 'Where a page of a connection sits in the whole list.' },
  },
  errors: { directResult: true },
});

builder.addScalarType('DateTime', DateTimeResolver, {});

builder.queryType({ description: 'Read the state of batches and of the server.' });
builder.mutationType({ description: 'Create, steer and stop batches. Results are unions of a payload and typed errors.' });
builder.subscriptionType({ description: 'Live progress over graphql-ws (WebSocket) or Server-Sent Events on /graphql.' });
