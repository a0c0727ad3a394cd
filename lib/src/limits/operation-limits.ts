import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { FragmentDefinitionNode, ValidationContext, ValidationRule } from 'graphql';
import { GraphQLError, Kind, validate } from 'graphql';
import type { Viewer } from '../auth/viewer';
import type { Env } from '../config/environment';
import { CommandError } from '../errors/command-error';
import { ErrorCode } from '../errors/domain-error';
import { estimateCost } from './cost';

/** What a role may ask in one operation; `cost` is the estimated number of objects in the answer. */
export interface CostBudgets {
  readonly anonymous: number;
  readonly MEMBER: number;
  readonly PARTNER: number;
  readonly ORG_ADMIN: number;
  readonly ANALYST: number;
  readonly CENTRAL_ADMIN: number;
}

export interface OperationLimits {
  /** Nesting of fields (fragments flattened). */
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
  /** Lexical tokens of the document: bounds the work of parsing and validating it. */
  readonly maxTokens: number;
  readonly costBudgets: CostBudgets;
  /** The gateway refuses answers larger than this many bytes of JSON. */
  readonly maxResponseBytes: number;
}

/**
 * Defaults, from what legitimate clients send (docs/security.md, "Operation limits"):
 * - depth 12: the deepest query of the apps is the full tree with coverage (Q3, depth 8);
 * - aliases 30: dashboards alias a few `coverage(asOf:)` dates, none sends more than a dozen;
 * - anonymous 5,000 objects: the public directory's tree of regions with their territorials
 *   (2,636), or a page of 500 organizations with their parents (1,001);
 * - members and partners 10,000: their own record, cards and pages of history, and what anonymous
 *   callers may;
 * - admins and analysts 1,000,000: the whole tree with three coverage families per organization
 *   (Q3, ~475,000 objects) fits twice; one children→parent round trip too many (~1.2 M) does not.
 */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 50,
  maxTokens: 5000,
  costBudgets: {
    anonymous: 5_000,
    MEMBER: 10_000,
    PARTNER: 10_000,
    ORG_ADMIN: 1_000_000,
    ANALYST: 1_000_000,
    CENTRAL_ADMIN: 1_000_000,
  },
  // Room for the largest answer a screen asks for, the national full tree with coverage (Q3; its
  // size is in docs/benchmarks.md), about twice over; a whole-union dump in one answer is refused.
  maxResponseBytes: 24 * 1024 * 1024,
};

/** The largest budget among the viewer's roles; the anonymous one without roles. */
export function costBudgetOf(viewer: Viewer, budgets: CostBudgets): number {
  return viewer.roles.reduce((budget, role) => Math.max(budget, budgets[role]), budgets.anonymous);
}

const LIMIT_CODES: ReadonlySet<unknown> = new Set([
  ErrorCode.DEPTH_LIMIT_EXCEEDED,
  ErrorCode.ALIAS_LIMIT_EXCEEDED,
  ErrorCode.DIRECTIVE_LIMIT_EXCEEDED,
]);
const isLimitCode = (value: unknown): value is ErrorCode => LIMIT_CODES.has(value);

const refusal = (code: ErrorCode, message: string, details: Record<string, unknown>): GraphQLError =>
  new GraphQLError(message, { extensions: { code, ...details, http: { status: 400 } } });

/**
 * graphql-armor's depth, alias and directive rules, reporting with our stable codes (armor's own
 * Apollo wrapper reports them all as BAD_USER_INPUT).
 */
function armorRules(limits: OperationLimits): ValidationRule[] {
  const reporter =
    (code: ErrorCode, limit: number) =>
    (context: ValidationContext | null, error: GraphQLError): void => {
      context?.reportError(new GraphQLError(error.message, { extensions: { code, limit } }));
    };
  const common = { exposeLimits: true, propagateOnRejection: false };
  return [
    maxDepthRule({
      ...common,
      n: limits.maxDepth,
      flattenFragments: true,
      onReject: [reporter(ErrorCode.DEPTH_LIMIT_EXCEEDED, limits.maxDepth)],
    }),
    maxAliasesRule({
      ...common,
      n: limits.maxAliases,
      onReject: [reporter(ErrorCode.ALIAS_LIMIT_EXCEEDED, limits.maxAliases)],
    }),
    maxDirectivesRule({
      ...common,
      n: limits.maxDirectives,
      onReject: [reporter(ErrorCode.DIRECTIVE_LIMIT_EXCEEDED, limits.maxDirectives)],
    }),
  ];
}

// graphql-js 16 spells it "more that"; a later release may fix the typo.
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more tha[nt] \d+ tokens/;

/**
 * Apollo Server's `parseOptions`: graphql-js stops parsing after `maxTokens` tokens, before a huge
 * document costs parse and validation time. (armor's max-tokens does the same with its own lexer,
 * but its Apollo plugin throws from a hook Apollo Server 5 answers with a 500.)
 */
export const limitsParseOptions = (limits: OperationLimits): { maxTokens: number } => ({ maxTokens: limits.maxTokens });

/**
 * An Apollo Server plugin refusing, before anything executes, an operation over the limits: too
 * many tokens (while parsing, with limitsParseOptions), too deep, too many aliases or directives, or costing more than the
 * viewer's budget. Refusals are HTTP 400 with `extensions.code` one of TOKEN_LIMIT_EXCEEDED,
 * DEPTH_LIMIT_EXCEEDED, ALIAS_LIMIT_EXCEEDED, DIRECTIVE_LIMIT_EXCEEDED, COST_LIMIT_EXCEEDED.
 */
export function operationLimitsPlugin<TContext extends BaseContext>(
  limits: OperationLimits,
  viewerOf: (context: TContext) => Viewer,
): ApolloServerPlugin<TContext> {
  const rules = armorRules(limits);
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          // graphql-js aborts parsing at `parseOptions.maxTokens` (set by the server, see
          // limitsParseOptions) with a generic GRAPHQL_PARSE_FAILED: give it its own code.
          for (const error of errors) {
            if (TOKEN_LIMIT_MESSAGE.test(error.message)) {
              error.extensions['code'] = ErrorCode.TOKEN_LIMIT_EXCEEDED;
              error.extensions['limit'] = limits.maxTokens;
            }
          }
        },
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          const [first] = validate(schema, document, rules);
          if (first) {
            const code = first.extensions['code'];
            throw refusal(isLimitCode(code) ? code : ErrorCode.DEPTH_LIMIT_EXCEEDED, first.message, {
              limit: first.extensions['limit'],
            });
          }
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const budget = costBudgetOf(viewerOf(contextValue), limits.costBudgets);
          // Apollo resolves the operation before this hook; without one there is nothing to run.
          if (!operation) return;
          const cost = estimateCost(schema, operation, fragments, { variables: request.variables, stopAbove: budget });
          if (cost > budget) {
            throw refusal(
              ErrorCode.COST_LIMIT_EXCEEDED,
              `The operation costs at least ${cost} (estimated objects in the answer); your limit is ${budget}`,
              { cost, limit: budget },
            );
          }
        },
      };
    },
  };
}

const positiveInteger = (env: Env, name: string, fallback: number): number => {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) === 0)
    throw new CommandError(`${name}: expected a positive integer, got ${JSON.stringify(value)}`);
  return Number(value);
};

/** The limits, each overridable by its variable (README, "Settings"). */
export function loadOperationLimits(env: Env): OperationLimits {
  const defaults = DEFAULT_OPERATION_LIMITS;
  const budget = (name: string, fallback: number) => positiveInteger(env, `COST_BUDGET_${name}`, fallback);
  return {
    maxDepth: positiveInteger(env, 'MAX_QUERY_DEPTH', defaults.maxDepth),
    maxAliases: positiveInteger(env, 'MAX_QUERY_ALIASES', defaults.maxAliases),
    maxDirectives: positiveInteger(env, 'MAX_QUERY_DIRECTIVES', defaults.maxDirectives),
    maxTokens: positiveInteger(env, 'MAX_QUERY_TOKENS', defaults.maxTokens),
    costBudgets: {
      anonymous: budget('ANONYMOUS', defaults.costBudgets.anonymous),
      MEMBER: budget('MEMBER', defaults.costBudgets.MEMBER),
      PARTNER: budget('PARTNER', defaults.costBudgets.PARTNER),
      ORG_ADMIN: budget('ORG_ADMIN', defaults.costBudgets.ORG_ADMIN),
      ANALYST: budget('ANALYST', defaults.costBudgets.ANALYST),
      CENTRAL_ADMIN: budget('CENTRAL_ADMIN', defaults.costBudgets.CENTRAL_ADMIN),
    },
    maxResponseBytes: positiveInteger(env, 'MAX_RESPONSE_BYTES', defaults.maxResponseBytes),
  };
}

/**
 * Refuses an answer over `maxBytes` of JSON with RESPONSE_TOO_LARGE: a backstop behind the cost
 * estimate, for answers whose objects are larger than the estimate assumes.
 */
export function responseSizePlugin<TContext extends BaseContext>(maxBytes: number): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.data) return;
          const bytes = Buffer.byteLength(JSON.stringify(response.body.singleResult));
          if (bytes <= maxBytes) return;
          const error = refusal(
            ErrorCode.RESPONSE_TOO_LARGE,
            `The answer has ${bytes} bytes; the limit is ${maxBytes}: ask for fewer levels or a smaller page`,
            { limit: maxBytes },
          );
          response.body.singleResult = {
            errors: [
              { message: error.message, extensions: { code: ErrorCode.RESPONSE_TOO_LARGE, bytes, limit: maxBytes } },
            ],
          };
          response.http.status = 400;
        },
      };
    },
  };
}
