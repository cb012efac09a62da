/**
 * Yoga plugin: the graphql-sse protocol on its own endpoint (`/graphql/stream`), in both
 * its modes — distinct connections, and the single connection that carries many
 * operations (reserve with PUT, stream with GET, operate with POST). Yoga's packaged
 * plugin answers before the CSRF check and returns stack traces on errors; this one
 * runs after auth, applies the same CSRF rule, and masks anything unexpected.
 */
import { GraphQLError, getOperationAST } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/fetch';
import type { Plugin, YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { CSRF_HEADER } from './csrf-plugin.js';

/** Where graphql-sse clients connect. */
export const SSE_ENDPOINT = '/graphql/stream';
const STREAM_TOKEN_HEADER = 'x-graphql-event-stream-token';
const SIMPLE_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** An execution result carrying only errors (graphql-sse recognises a result by its `data` key). */
function failed(...errors: readonly GraphQLError[]) {
  return { data: null, errors };
}

function jsonError(status: number, message: string, code: string): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** A request a browser could send cross-site without a preflight and without our headers. */
function unpreflighted(request: Request): boolean {
  if (request.method !== 'GET' && request.method !== 'POST') return false;
  if (request.headers.has(CSRF_HEADER) || request.headers.has(STREAM_TOKEN_HEADER)) return false;
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  return request.method === 'GET' || !type || SIMPLE_TYPES.some((t) => type.startsWith(t));
}

/** Serves graphql-sse at SSE_ENDPOINT through yoga's envelop (same guards, same masking). */
export function useGuardedGraphQLSSE(log: Logger): Plugin {
  const serverContext = new WeakMap<Request, Record<string, unknown>>();
  let handler: ((req: Request) => Promise<Response>) | null = null;
  return {
    onYogaInit({ yoga }) {
      const y = yoga as unknown as YogaServerInstance<Record<string, unknown>, Record<string, unknown>>;
      handler = createHandler(
        {
          onSubscribe(req, params) {
            const enveloped = y.getEnveloped({ ...serverContext.get(req.raw), request: req.raw, params });
            try {
              const document = enveloped.parse(params.query);
              const errors = enveloped.validate(enveloped.schema, document);
              if (errors.length > 0) return failed(...errors);
              const operation = getOperationAST(document, params.operationName);
              if (!operation) return failed(new GraphQLError('name the operation to run (operationName)'));
              if (operation.operation === 'mutation' && req.method === 'GET') return failed(new GraphQLError('mutations are not run over GET: POST them'));
              return Promise.resolve(enveloped.contextFactory()).then((contextValue) => {
                const args = { schema: enveloped.schema, document, contextValue, variableValues: params.variables, operationName: params.operationName };
                return (operation.operation === 'subscription' ? enveloped.subscribe : enveloped.execute)(args) as never;
              });
            } catch (err) {
              if (err instanceof GraphQLError) return failed(err);
              throw err;
            }
          },
        },
        y.fetchAPI as never,
      );
    },
    async onRequest({ request, url, endResponse, serverContext: ctx }) {
      if (url.pathname !== SSE_ENDPOINT || !handler) return;
      if (unpreflighted(request)) {
        endResponse(jsonError(403, `send the ${CSRF_HEADER} header (or use a graphql-sse client) on ${SSE_ENDPOINT}`, 'CSRF'));
        return;
      }
      serverContext.set(request, ctx as Record<string, unknown>);
      try {
        endResponse(await handler(request));
      } catch (err) {
        // graphql-sse would answer with the error's text and stack; clients get a plain message.
        log.error({ err }, 'graphql-sse request failed');
        endResponse(jsonError(500, 'Unexpected error.', 'INTERNAL_SERVER_ERROR'));
      }
    },
  };
}
