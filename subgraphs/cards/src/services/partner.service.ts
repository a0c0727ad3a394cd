import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldProblem, Viewer } from '@registry/lib';
import { assertNoProblems, cleanText, DomainError, ErrorCode, notFound, Role } from '@registry/lib';
import { Partner } from '../entities/partner';
import { generateApiKey, hashApiKey } from './partner-api-key';

export interface PartnerFields {
  name?: string | null | undefined;
  category?: string | null | undefined;
  cashbackRateBp?: number | null | undefined;
  regions?: readonly string[] | null | undefined;
  active?: boolean | null | undefined;
}

export interface PartnerWithApiKey {
  partner: Partner;
  /** The plain key, returned this once. */
  apiKey: string;
}

/** Cashback above half the purchase is a typo, not an offer. */
const MAX_CASHBACK_RATE_BP = 5000;

// Partners of the bonus program and their API keys; central admins only (the shield checks the role).

/** Creates a partner with its first API key. */
export async function createPartner(em: EntityManager, input: PartnerFields): Promise<PartnerWithApiKey> {
  const fields = checkPartnerFields(input, { required: true });
  return uniqueName(fields.name, () =>
    em.transactional(async (em) => {
      if (fields.name !== undefined) await assertNameFree(em, fields.name, null);
      const key = generateApiKey();
      const partner = new Partner();
      Object.assign(partner, fields, { apiKeyHash: key.hash, apiKeyPrefix: key.prefix });
      em.persist(partner);
      return { partner, apiKey: key.key };
    }),
  );
}

export async function updatePartner(em: EntityManager, id: string, input: PartnerFields): Promise<Partner> {
  const fields = checkPartnerFields(input, { required: false });
  return uniqueName(fields.name, () =>
    em.transactional(async (em) => {
      const partner = await requirePartner(em, id);
      if (fields.name !== undefined) await assertNameFree(em, fields.name, partner.id);
      Object.assign(partner, fields);
      return partner;
    }),
  );
}

/** A new key replaces the old one at once (a leaked key must stop working now). */
export async function rotatePartnerApiKey(em: EntityManager, id: string): Promise<PartnerWithApiKey> {
  return em.transactional(async (em) => {
    const partner = await requirePartner(em, id);
    const key = generateApiKey();
    partner.apiKeyHash = key.hash;
    partner.apiKeyPrefix = key.prefix;
    return { partner, apiKey: key.key };
  });
}

/** Members choose partners by name in the app: two of one name (in any case) would be indistinguishable. */
async function assertNameFree(em: EntityManager, name: string, exceptId: string | null): Promise<void> {
  const [taken] = await em.execute<{ id: string; name: string }[]>(
    'select id, name from cards.partner where lower(name) = lower(?) and id is distinct from ?::uuid',
    [name, exceptId],
  );
  if (taken) throw nameTaken(name, taken);
}

function nameTaken(name: string, taken: { id: string; name: string } | null): DomainError {
  return new DomainError(
    ErrorCode.ALREADY_EXISTS,
    `name: expected a name no other partner has (case aside), got ${JSON.stringify(name)}${taken ? `, the name of partner ${taken.id} (${JSON.stringify(taken.name)})` : ', which a concurrent request has just taken'}`,
    { field: 'name', ...(taken ? { partnerId: taken.id } : {}) },
  );
}

/** The unique index `partner_name_unique` catches the concurrent twin the check above could not see. */
async function uniqueName<T>(name: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (
      name !== undefined &&
      error instanceof UniqueConstraintViolationException &&
      error.message.includes('partner_name_unique')
    )
      throw nameTaken(name, null);
    throw error;
  }
}

async function requirePartner(em: EntityManager, id: string): Promise<Partner> {
  const partner = await em.findOne(Partner, { id });
  if (!partner) throw notFound('Partner', 'id', id);
  return partner;
}

/** Checks the fields given (all of them on creation) and reports every problem at once. */
function checkPartnerFields(
  input: PartnerFields,
  options: { required: boolean },
): Partial<Pick<Partner, 'name' | 'category' | 'cashbackRateBp' | 'regions' | 'active'>> {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string): void => {
    problems.push({ field, code: ErrorCode.BAD_USER_INPUT, message });
  };
  const fields: Partial<Pick<Partner, 'name' | 'category' | 'cashbackRateBp' | 'regions' | 'active'>> = {};
  for (const [field, max] of [
    ['name', 200],
    ['category', 100],
  ] as const) {
    const value = cleanText(input[field]);
    if (value === undefined) {
      if (options.required) bad(field, 'expected a value');
    } else if (value === null || value.length > max)
      bad(field, `expected 1-${max} characters, got ${JSON.stringify(input[field])}`);
    else fields[field] = value;
  }
  const rate = input.cashbackRateBp;
  if (rate === undefined || rate === null) {
    if (options.required || rate === null)
      bad('cashbackRateBp', `expected basis points from 1 to ${MAX_CASHBACK_RATE_BP}`);
  } else if (!Number.isInteger(rate) || rate < 1 || rate > MAX_CASHBACK_RATE_BP) {
    bad('cashbackRateBp', `expected whole basis points from 1 to ${MAX_CASHBACK_RATE_BP} (250 = 2.5 %), got ${rate}`);
  } else fields.cashbackRateBp = rate;
  if (input.regions !== undefined && input.regions !== null) {
    const wrong = input.regions.filter((region) => !/^\d{2}$/.test(region));
    if (wrong.length > 0) bad('regions', `expected two-digit federal subject codes, got ${JSON.stringify(wrong)}`);
    else fields.regions = [...new Set(input.regions)].sort();
  } else if (options.required) fields.regions = [];
  if (input.active !== undefined && input.active !== null) fields.active = input.active;
  assertNoProblems(problems);
  return fields;
}

/**
 * The viewer of a request carrying a partner's API key: the PARTNER role for that partner, or
 * null when no active partner has the key (the server then refuses the request).
 */
export async function authenticatePartnerApiKey(em: EntityManager, apiKey: string): Promise<Viewer | null> {
  const [partner] = await em.execute<{ id: string }[]>(
    'select id from cards.partner where api_key_hash = ? and active',
    [hashApiKey(apiKey.trim())],
  );
  if (!partner) return null;
  return {
    subject: `partner:${partner.id}`,
    roles: [Role.PARTNER],
    organizationId: null,
    memberId: null,
    partnerId: partner.id,
  };
}
