/**
 * GraphiQL served from the project's own dependencies: the page, its CSS,
 * scripts, editor workers and favicon are all inlined from
 * `@graphql-yoga/render-graphiql`, so it works with no internet access.
 */
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';
import { GRAPHIQL_EXAMPLES } from './graphiql-examples.js';

/** GraphiQL's settings: README's examples as tabs; an editable Authorization header when tokens are required. */
export function graphiqlOptions(options: { authRequired: boolean }): GraphiQLOptions {
  const headers = options.authRequired ? JSON.stringify({ Authorization: 'Bearer <token>' }, null, 2) : undefined;
  return {
    title: 'autoclip',
    subscriptionsProtocol: 'WS',
    defaultTabs: GRAPHIQL_EXAMPLES.map((query) => ({ query, headers: headers ?? null })),
    ...(headers ? { defaultHeaders: headers, defaultEditorToolsVisibility: 'headers' as const } : {}),
    isHeadersEditorEnabled: true,
  };
}

/** Renders the self-contained page (about 9 MB, rendered once per set of options). */
export function createGraphiqlRenderer(): (options: GraphiQLOptions) => string {
  const cache = new Map<string, string>();
  return (options) => {
    const key = JSON.stringify(options);
    let page = cache.get(key);
    if (!page) {
      page = renderGraphiQL(options);
      cache.set(key, page);
    }
    return page;
  };
}
