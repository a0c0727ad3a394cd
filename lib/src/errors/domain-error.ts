/**
 * Stable machine-readable error codes. Clients branch on these (`extensions.code`), so a code,
 * once published, keeps its meaning; add new ones rather than reuse.
 */
export const ErrorCode = {
  /** An argument failed validation (format, length, range). */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The referenced entity does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** A unique value (registry code, SNILS, …) is already taken. */
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  /** An INN's check digits do not match. */
  INVALID_INN: 'INVALID_INN',
  /** An OGRN's check digit does not match. */
  INVALID_OGRN: 'INVALID_OGRN',
  /** A SNILS's check number does not match. */
  INVALID_SNILS: 'INVALID_SNILS',
  /** The same person is already a member, or has an application pending. */
  DUPLICATE_PERSON: 'DUPLICATE_PERSON',
  /** Personal data cannot be processed without the person's consent (or a guardian's, under 18). */
  CONSENT_REQUIRED: 'CONSENT_REQUIRED',
  /** The union's tree forbids this parent for this level (e.g. a primary under the central council). */
  INVALID_HIERARCHY: 'INVALID_HIERARCHY',
  /** Moving an organization under its own descendant. */
  TREE_CYCLE: 'TREE_CYCLE',
  /** The entity's state forbids the operation (e.g. editing a liquidated organization). */
  INVALID_STATE: 'INVALID_STATE',
  /** A pagination cursor that this API did not issue. */
  INVALID_CURSOR: 'INVALID_CURSOR',
  /** The caller's credentials (token, signed viewer header, API key) were refused; answered with HTTP 401. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  /** A union card number that is not 16 digits with a valid Luhn check digit, or a QR payload that is malformed or not signed by us. */
  INVALID_CARD_NUMBER: 'INVALID_CARD_NUMBER',
  /** The card cannot be used: blocked, lost, replaced or revoked, or its holder is no longer a member. */
  CARD_REVOKED: 'CARD_REVOKED',
  /** The card is past its expiry date. */
  CARD_EXPIRED: 'CARD_EXPIRED',
  /** A retried request reuses an idempotency key with a different body; the first request stands. */
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  /** A production batch would be empty: every active member of the subtree already has a card of the kind. */
  NOTHING_TO_ORDER: 'NOTHING_TO_ORDER',
  /** The card holder does not take part in the bonus program, so no purchase can be recorded for them. */
  NOT_ENROLLED: 'NOT_ENROLLED',
  /** Too many calls of this kind from this caller (e.g. a partner's key); `extensions.retryAfterSeconds` says when to try again. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The operation's estimated cost (objects in the answer) passes the viewer's budget; `extensions.cost` and `extensions.limit` say by how much. Refused before execution. */
  COST_LIMIT_EXCEEDED: 'COST_LIMIT_EXCEEDED',
  /** The operation nests deeper than `extensions.limit` (fragments flattened). Refused before execution. */
  DEPTH_LIMIT_EXCEEDED: 'DEPTH_LIMIT_EXCEEDED',
  /** The operation has more aliases than `extensions.limit`. Refused before execution. */
  ALIAS_LIMIT_EXCEEDED: 'ALIAS_LIMIT_EXCEEDED',
  /** The operation has more directives than `extensions.limit`. Refused before execution. */
  DIRECTIVE_LIMIT_EXCEEDED: 'DIRECTIVE_LIMIT_EXCEEDED',
  /** The document has more lexical tokens than `extensions.limit`. Refused before parsing completes. */
  TOKEN_LIMIT_EXCEEDED: 'TOKEN_LIMIT_EXCEEDED',
  /** The answer would be larger than `extensions.limit` bytes: ask for less (a page, fewer levels). */
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  /** The database (or another service this one needs) cannot be reached right now; retrying later may succeed. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** The request body is larger than the server accepts. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * An error of the domain: thrown by services, which know nothing of GraphQL, and turned into a
 * GraphQL error with `extensions.code` at the edge. `details` should say what was expected and
 * what came, so a client can show it next to the offending field.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    /** The HTTP status the whole answer takes, for refusals of the request itself (401); none keeps Apollo's. */
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /**
   * What clients read as `extensions`. graphql-js copies a thrown error's own `extensions` onto
   * the GraphQL error it reports (Apollo's "Context creation failed" wrapper too), so a domain
   * error needs no wrapping per field on its way out. Apollo sets the response's status from
   * `extensions.http` and deletes it before `formatError`, so clients never see it.
   */
  get extensions(): Readonly<Record<string, unknown>> {
    return {
      ...this.details,
      code: this.code,
      ...(this.httpStatus === null ? {} : { http: { status: this.httpStatus } }),
    };
  }
}

export const notFound = (entity: string, key: string, value: string): DomainError =>
  new DomainError(ErrorCode.NOT_FOUND, `${entity} with ${key} "${value}" does not exist`, { entity, [key]: value });

export const badInput = (field: string, expected: string, received: unknown): DomainError =>
  new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: expected ${expected}, got ${JSON.stringify(received)}`, {
    field,
    expected,
    received,
  });

/**
 * The HTTP status of an answer that is one refusal, by its code: the one table, read where a
 * refusal is made (`unauthenticated`), where the gateway passes on a subgraph's (a refused API
 * key) and where a file export answers with the API's first error. Codes not named answer 400.
 */
const REFUSAL_STATUS: Readonly<Partial<Record<ErrorCode, number>>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
};

/** The status of a whole answer refused with `code` (an `extensions.code`, ours or not). */
export function refusalStatus(code: unknown): number {
  const known = Object.values(ErrorCode).find((candidate) => candidate === code);
  return (known && REFUSAL_STATUS[known]) ?? 400;
}

/**
 * The caller's credentials were refused: a bad token at the gateway, a viewer header the gateway
 * did not sign for this request, a partner API key that is not active. Such a refusal answers
 * HTTP 401, so an integration's retry logic does not read it as success.
 */
export const unauthenticated = (message: string): DomainError =>
  new DomainError(ErrorCode.UNAUTHENTICATED, message, {}, refusalStatus(ErrorCode.UNAUTHENTICATED));
