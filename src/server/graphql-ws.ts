/** graphql-ws on the same path as HTTP, through yoga's envelop so the same guards and masking apply. */
import type { Server } from 'node:http';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { tokenAllowed } from './auth.js';

/** Attaches the WebSocket endpoint; returns a closer. */
export function attachGraphqlWs(
  server: Server,
  yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>,
  options: { authRequired: boolean; tokens: readonly string[] },
): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const disposable = useServer(
    {
      onConnect: (ctx) => {
        if (!options.authRequired) return true;
        const params = ctx.connectionParams ?? {};
        // Closing with false gives the client 4403 Forbidden.
        return tokenAllowed(params['authorization'] ?? params['Authorization'] ?? params['authToken'], options.tokens);
      },
      execute: (args: any) => args.rootValue.execute(args),
      subscribe: (args: any) => args.rootValue.subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        try {
          const document = parse(params.query);
          // Guards throw from validation; returning the errors fails only this operation, not the socket.
          const errors = validate(schema, document);
          if (errors.length) return errors;
          return {
            schema,
            operationName: params.operationName,
            document,
            variableValues: params.variables,
            contextValue: await contextFactory(),
            rootValue: { execute, subscribe },
          };
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError((err as Error).message)];
        }
      },
    },
    wss,
  );
  return {
    async close() {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
