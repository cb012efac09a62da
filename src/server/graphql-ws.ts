/** graphql-ws on the same path as HTTP, through yoga's envelop so the same guards and masking apply. */
import type { IncomingHttpHeaders, Server } from 'node:http';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { tokenAllowed } from './auth.js';
import { refuseUpgrade, type GateRefusal } from './http-gate.js';
import { createSharedSubscriptions } from './shared-subscriptions.js';
import type { Deliver } from './subscription-member.js';
import { socketDelivery } from './ws-delivery.js';

/**
 * Attaches the WebSocket endpoint; returns a closer.
 * Long because the graphql-ws server options (auth, gate, limits, hooks) read best as one literal.
 */
export function attachGraphqlWs(
  server: Server,
  yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>,
  options: {
    authRequired: boolean;
    tokens: readonly string[];
    /** Host and Origin rules, the same as for HTTP: a page on another site cannot open a socket. */
    gate: (headers: IncomingHttpHeaders) => GateRefusal | null;
    maxSubscriptions: number;
  },
): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true });
  const shared = createSharedSubscriptions();
  // Each subscription's execution arguments → where its shared results are written.
  const deliveries = new WeakMap<object, Deliver>();
  const onUpgrade = (req: import('node:http').IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== yoga.graphqlEndpoint) return refuseUpgrade(socket, 404, `WebSocket endpoint is ${yoga.graphqlEndpoint}`);
    const refusal = options.gate(req.headers);
    if (refusal) return refuseUpgrade(socket, refusal.status, refusal.message);
    wss.handleUpgrade(req, socket, head, (client) => wss.emit('connection', client, req));
  };
  server.on('upgrade', onUpgrade);
  const disposable = useServer(
    {
      onConnect: (ctx) => {
        if (!options.authRequired) return true;
        const params = ctx.connectionParams ?? {};
        // Closing with false gives the client 4403 Forbidden.
        return tokenAllowed(params['authorization'] ?? params['Authorization'] ?? params['authToken'], options.tokens);
      },
      execute: (args: any) => args.rootValue.execute(args),
      // One execution per distinct operation and variables, fanned out (see shared-subscriptions.ts).
      subscribe: (args: any) => shared.subscribe(args, (a: any) => a.rootValue.subscribe(a), deliveries.get(args)),
      onSubscribe: async (ctx, id, params) => {
        // The operation being subscribed is already counted.
        if (Object.keys(ctx.subscriptions).length > options.maxSubscriptions) {
          return [
            new GraphQLError(`this socket already runs ${options.maxSubscriptions} operations (MAX_SUBSCRIPTIONS_PER_CONNECTION): complete one first or open another connection`, {
              extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
            }),
          ];
        }
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
          const args = {
            schema,
            operationName: params.operationName,
            document,
            variableValues: params.variables,
            contextValue: await contextFactory(),
            rootValue: { execute, subscribe },
          };
          deliveries.set(args, socketDelivery(ctx.extra.socket, id));
          return args;
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError((err as Error).message)];
        }
      },
    },
    wss,
  );
  return {
    async close() {
      server.off('upgrade', onUpgrade);
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
