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
    edgesFieldOptions: { nullable: { list: false, items: false }, description: 'The items of this page, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    idFieldOptions: { description: 'A globally unique, opaque ID; pass it to `node(id:)` or to the field that takes this type’s ID.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the whole list.' },
    cursorFieldOptions: { description: 'Opaque cursor of this item; pass it as `after` to get the items that follow.' },
    hasNextPageFieldOptions: { description: 'True when more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'True when items come before this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of this page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of this page; pass it as `after` for the next page.' },
    firstArgOptions: { description: 'How many items to return, 1 to 100 (default 20).' },
    afterArgOptions: { description: 'Return the items after this cursor.' },
    beforeArgOptions: { description: 'Not supported: this list pages forward only.' },
    lastArgOptions: { description: 'Not supported: this list pages forward only.' },
    nodeQueryOptions: { description: 'Fetches any object that implements Node by its global ID.', args: { id: { description: 'A global ID from any `id` field.' } } },
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
