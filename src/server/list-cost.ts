/**
 * A list-aware query cost, checked at validation on every transport (HTTP, SSE,
 * graphql-ws): each field costs 1 times the sizes of the lists around it. A list's
 * size is its `first`/`last` argument (100, the largest page, when a variable), else
 * its known bound, else DEFAULT_LIST_SIZE. Alias fan-out over big lists (15 aliases of
 * every plan version with every clip) is refused before anything runs.
 */
import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The largest cost an operation may have. */
export const MAX_QUERY_COST = 50_000;
/** Size assumed for a list without a page argument or a known bound. */
export const DEFAULT_LIST_SIZE = 20;
const MAX_PAGE = 100;

/** Known upper bounds of lists (Type.field → items). */
export const LIST_BOUNDS: Record<string, number> = {
  'Batch.videos': 10,
  'Batch.stages': 12,
  'ClipPlan.clips': 50,
  'Batch.clipPlanVersions': 50,
  'BatchConnection.edges': 1, // sized by the connection's own `first`
};

function pageArg(args: readonly { name: { value: string }; value: ValueNode }[] | undefined): number | null {
  for (const a of args ?? []) {
    if (a.name.value !== 'first' && a.name.value !== 'last') continue;
    if (a.value.kind === Kind.INT) return Math.max(0, Number(a.value.value));
    if (a.value.kind === Kind.VARIABLE) return MAX_PAGE;
  }
  return null;
}

/** The cost of a selection set under `type`; fragments are followed once per path. */
function selectionCost(ctx: ValidationContext, set: SelectionSetNode, type: GraphQLNamedType, seen: Set<string>): number {
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.INLINE_FRAGMENT || sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = sel.kind === Kind.FRAGMENT_SPREAD ? ctx.getFragment(sel.name.value) : sel;
      if (!frag || (sel.kind === Kind.FRAGMENT_SPREAD && seen.has(sel.name.value))) continue;
      const cond = frag.typeCondition ? ctx.getSchema().getType(frag.typeCondition.name.value) : type;
      const next = sel.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, sel.name.value]) : seen;
      total += selectionCost(ctx, frag.selectionSet, cond ?? type, next);
      continue;
    }
    if (sel.name.value.startsWith('__')) continue;
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const def = type.getFields()[sel.name.value];
    if (!def) continue;
    const page = pageArg(sel.arguments);
    const list = isListType(getNullableType(def.type));
    const bound = LIST_BOUNDS[`${type.name}.${def.name}`];
    const size = page ?? (list || bound !== undefined ? (bound ?? DEFAULT_LIST_SIZE) : 1);
    const inner = sel.selectionSet ? selectionCost(ctx, sel.selectionSet, getNamedType(def.type), seen) : 0;
    total += 1 + size * inner;
  }
  return total;
}

/** The validation rule: reports operations that cost more than `max`. */
export function listCostRule(max: number) {
  return (ctx: ValidationContext) => ({
    OperationDefinition(node: import('graphql').OperationDefinitionNode) {
      const root = node.operation === 'query' ? ctx.getSchema().getQueryType() : node.operation === 'mutation' ? ctx.getSchema().getMutationType() : ctx.getSchema().getSubscriptionType();
      if (!root) return;
      const cost = selectionCost(ctx, node.selectionSet, root, new Set());
      if (cost > max) {
        ctx.reportError(
          new GraphQLError(
            `this operation would cost ${cost} (each field times the sizes of the lists around it); the limit is ${max}: ask for fewer items with \`first\`, fewer fields or fewer aliases`,
            { nodes: [node], extensions: { code: 'QUERY_TOO_COSTLY', cost, limit: max } },
          ),
        );
      }
    },
  });
}

/** Envelop plugin that adds the rule to every validation. */
export function useListCost(max = MAX_QUERY_COST): Plugin {
  const rule = listCostRule(max);
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}
