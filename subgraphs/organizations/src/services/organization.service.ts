import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@registry/lib';
import { assertNoProblems, DomainError, ErrorCode, isCalendarDate, notFound, today } from '@registry/lib';
import { Organization } from '../entities/organization';
import { OrganizationLevel, OrganizationStatus } from '../entities/organization-enums';
import { OrganizationEvent, OrganizationEventKind } from '../entities/organization-event';
import { assertCanManage } from './access';
import { canSitUnder } from './hierarchy';
import { countActiveMembers } from './member-directory';
import type { OrganizationFields, OrganizationFieldsInput } from './organization-fields';
import { checkOrganizationFields } from './organization-fields';

export interface NewOrganization extends OrganizationFieldsInput {
  parentId: string;
  code: string;
  name: string;
  level: string;
}

export interface Closure {
  /** ISO date the organization ceased, e.g. 2026-09-01; today when not given. */
  date?: string | null | undefined;
  reason: string;
}

// The rules of changing the union's tree. Each operation runs in one transaction: either
// everything it writes (the organization and its history entry) lands, or nothing does.

/** Creates an organization under an active parent the viewer may manage. */
export async function createOrganization(
  em: EntityManager,
  viewer: Viewer,
  input: NewOrganization,
): Promise<Organization> {
  const { fields, problems } = checkOrganizationFields(input);
  assertNoProblems(problems);
  return em.transactional(async (em) => {
    const parent = await requireActiveOrganization(em, input.parentId, 'parentId');
    await assertCanManage(em, viewer, parent.id);
    const level = fields.level ?? OrganizationLevel.PRIMARY;
    assertPlacement(level, parent);
    assertPrimaryType(level, fields.primaryType ?? null);
    const organization = new Organization({
      code: fields.code ?? input.code,
      name: fields.name ?? input.name,
      level,
      parentId: parent.id,
    });
    applyFields(organization, fields);
    assertSubjectOfRegion(level, organization.subjectCode, parent);
    organization.subjectCode ??= parent.subjectCode;
    em.persist(organization);
    await flushUnique(em, organization.code);
    em.persist(
      organizationEvent(viewer, organization.id, OrganizationEventKind.CREATED, {
        code: organization.code,
        parentId: parent.id,
      }),
    );
    return organization;
  });
}

export async function updateOrganization(
  em: EntityManager,
  viewer: Viewer,
  id: string,
  patch: OrganizationFieldsInput,
): Promise<Organization> {
  const { fields, problems } = checkOrganizationFields(patch);
  assertNoProblems(problems);
  if (fields.level !== undefined) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      'level: a level is changed by moving the organization, not by an update',
      {
        field: 'level',
      },
    );
  }
  return em.transactional(async (em) => {
    const organization = await requireActiveOrganization(em, id, 'id');
    await assertCanManage(em, viewer, organization.id);
    const before = snapshot(organization);
    if (fields.primaryType !== undefined) assertPrimaryType(organization.level, fields.primaryType);
    applyFields(organization, fields);
    if (fields.subjectCode !== undefined && organization.parentId !== null) {
      const parent = await em.findOneOrFail(Organization, { id: organization.parentId });
      assertSubjectOfRegion(organization.level, organization.subjectCode, parent);
    }
    await flushUnique(em, organization.code);
    const after = snapshot(organization);
    const changed = Object.keys(after).filter((key) => after[key] !== before[key]);
    if (changed.length > 0) {
      em.persist(
        organizationEvent(viewer, organization.id, OrganizationEventKind.UPDATED, {
          changed,
          before: pick(before, changed),
          after: pick(after, changed),
        }),
      );
    }
    return organization;
  });
}

/** Moves an organization with its whole subtree under a new parent. */
export async function moveOrganization(
  em: EntityManager,
  viewer: Viewer,
  id: string,
  newParentId: string,
): Promise<Organization> {
  return em.transactional(async (em) => {
    const organization = await requireActiveOrganization(em, id, 'id');
    const parent = await requireActiveOrganization(em, newParentId, 'newParentId');
    await assertCanManage(em, viewer, organization.id);
    await assertCanManage(em, viewer, parent.id);
    if (organization.level === OrganizationLevel.CENTRAL) {
      throw new DomainError(ErrorCode.INVALID_HIERARCHY, 'The central council is the root and cannot be moved', {
        id,
      });
    }
    const cycle = await em.execute(
      'select 1 from organizations.organization_closure where ancestor_id = ? and descendant_id = ?',
      [id, parent.id],
    );
    if (cycle.length > 0) {
      throw new DomainError(
        ErrorCode.TREE_CYCLE,
        `Organization ${id} cannot move under its own descendant ${parent.id}`,
        {
          id,
          newParentId: parent.id,
        },
      );
    }
    assertPlacement(organization.level, parent);
    const previousParentId = organization.parentId;
    if (previousParentId === parent.id) return organization;
    organization.parentId = parent.id;
    em.persist(
      organizationEvent(viewer, organization.id, OrganizationEventKind.MOVED, {
        from: previousParentId,
        to: parent.id,
      }),
    );
    return organization;
  });
}

/** Liquidates an organization that has no active children left (they must be moved or closed first). */
export async function liquidateOrganization(
  em: EntityManager,
  viewer: Viewer,
  id: string,
  closure: Closure,
): Promise<Organization> {
  const date = checkClosure(closure);
  return em.transactional(async (em) => {
    const organization = await requireActiveOrganization(em, id, 'id');
    await assertCanManage(em, viewer, organization.id);
    await assertNoActiveChildren(em, organization);
    // Members of a liquidated organization would stay ACTIVE and keep counting in the region:
    // only the members subgraph may move them, so liquidation waits for their transfer.
    const activeMembers = await countActiveMembers(em, organization.id, { subtree: true });
    if (activeMembers > 0) {
      throw new DomainError(
        ErrorCode.INVALID_STATE,
        `Organization ${organization.code} still has ${activeMembers} active members: transfer them (transferMember) or record their exits first`,
        { activeMembers, hint: 'transferMember' },
      );
    }
    organization.status = OrganizationStatus.LIQUIDATED;
    organization.closedOn = date;
    em.persist(
      organizationEvent(viewer, organization.id, OrganizationEventKind.LIQUIDATED, {
        date,
        reason: closure.reason.trim(),
      }),
    );
    return organization;
  });
}

/**
 * Merges `id` into `intoId` (same level): the children of the merged organization move under
 * the one that takes it over, and both keep the merger in their history.
 */
export async function mergeOrganization(
  em: EntityManager,
  viewer: Viewer,
  id: string,
  intoId: string,
  closure: Closure,
): Promise<Organization> {
  const date = checkClosure(closure);
  if (id === intoId) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, 'intoId: expected another organization than the merged one', {
      field: 'intoId',
    });
  }
  return em.transactional(async (em) => {
    const source = await requireActiveOrganization(em, id, 'id');
    const target = await requireActiveOrganization(em, intoId, 'intoId');
    await assertCanManage(em, viewer, source.id);
    await assertCanManage(em, viewer, target.id);
    if (source.level !== target.level) {
      throw new DomainError(
        ErrorCode.INVALID_HIERARCHY,
        `Only organizations of one level merge: ${source.level} into ${target.level} is not allowed`,
        { id, intoId },
      );
    }
    // A merged primary's members must move to the one taking it over; that is a members write,
    // which this subgraph may not make in its transaction, so the merge waits for the transfers.
    // Members of the children's primaries move with their organizations and need nothing.
    const activeMembers = await countActiveMembers(em, source.id, { subtree: false });
    if (activeMembers > 0) {
      throw new DomainError(
        ErrorCode.INVALID_STATE,
        `Organization ${source.code} still has ${activeMembers} active members: transfer them to ${target.code} (transferMember) first`,
        { activeMembers, intoId: target.id, hint: 'transferMember' },
      );
    }
    const children = await em.find(Organization, { parentId: source.id, status: OrganizationStatus.ACTIVE });
    for (const child of children) child.parentId = target.id;
    source.status = OrganizationStatus.MERGED;
    source.mergedIntoId = target.id;
    source.closedOn = date;
    const data = {
      date,
      reason: closure.reason.trim(),
      from: source.id,
      into: target.id,
      movedChildren: children.map((c) => c.id),
    };
    em.persist(organizationEvent(viewer, source.id, OrganizationEventKind.MERGED, data));
    em.persist(organizationEvent(viewer, target.id, OrganizationEventKind.MERGED, data));
    return target;
  });
}

async function requireActiveOrganization(em: EntityManager, id: string, field: string): Promise<Organization> {
  const organization = await em.findOne(Organization, { id });
  if (!organization) throw notFound('Organization', field, id);
  if (organization.status !== OrganizationStatus.ACTIVE) {
    throw new DomainError(ErrorCode.INVALID_STATE, `Organization ${id} is ${organization.status}, expected ACTIVE`, {
      field,
      status: organization.status,
    });
  }
  return organization;
}

function organizationEvent(
  viewer: Viewer,
  organizationId: string,
  kind: OrganizationEventKind,
  data: Record<string, unknown>,
): OrganizationEvent {
  return new OrganizationEvent({ organizationId, kind, actor: viewer.subject, data });
}

function assertPlacement(level: OrganizationLevel, parent: Organization): void {
  if (!canSitUnder(level, parent.level)) {
    throw new DomainError(
      ErrorCode.INVALID_HIERARCHY,
      `A ${level} organization cannot sit under a ${parent.level} one`,
      {
        level,
        parentLevel: parent.level,
      },
    );
  }
}

/**
 * Below the regional level an organization lies in its region's federal subject: its subject code,
 * when given, is the one its parent carries (the region's, inherited down the tree). Card numbers
 * and statistics by subject read it.
 */
function assertSubjectOfRegion(level: OrganizationLevel, subjectCode: string | null, parent: Organization): void {
  if (level === OrganizationLevel.CENTRAL || level === OrganizationLevel.REGIONAL) return;
  if (subjectCode === null || parent.subjectCode === null || subjectCode === parent.subjectCode) return;
  throw new DomainError(
    ErrorCode.BAD_USER_INPUT,
    `subjectCode: expected ${parent.subjectCode}, the subject of its region (as its parent ${parent.code}), got ${subjectCode}`,
    { field: 'subjectCode', expected: parent.subjectCode },
  );
}

function assertPrimaryType(level: OrganizationLevel, primaryType: string | null): void {
  if (level === OrganizationLevel.PRIMARY && primaryType === null) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      'primaryType: expected the institution type of a primary organization',
      {
        field: 'primaryType',
      },
    );
  }
  if (level !== OrganizationLevel.PRIMARY && primaryType !== null) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `primaryType: only primary organizations have one, this one is ${level}`,
      {
        field: 'primaryType',
      },
    );
  }
}

async function assertNoActiveChildren(em: EntityManager, organization: Organization): Promise<void> {
  const active = await em.count(Organization, { parentId: organization.id, status: OrganizationStatus.ACTIVE });
  if (active > 0) {
    throw new DomainError(
      ErrorCode.INVALID_STATE,
      `Organization ${organization.id} still has ${active} active child organizations`,
      {
        activeChildren: active,
      },
    );
  }
}

function checkClosure(closure: Closure): string {
  const reason = closure.reason.trim();
  if (reason.length === 0 || reason.length > 1000) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `reason: expected 1-1000 characters, got ${reason.length}`, {
      field: 'reason',
    });
  }
  const date = closure.date ?? today();
  if (!isCalendarDate(date)) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `date: expected a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`,
      {
        field: 'date',
      },
    );
  }
  // A closure is recorded when it happened; a planned one would show the organization closed today.
  const latest = today();
  if (date > latest) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `date: expected a date up to today (${latest}), got ${date}`, {
      field: 'date',
      latest,
    });
  }
  return date;
}

function applyFields(organization: Organization, fields: OrganizationFields): void {
  if (fields.code !== undefined) organization.code = fields.code;
  if (fields.name !== undefined) organization.name = fields.name;
  if (fields.shortName !== undefined) organization.shortName = fields.shortName;
  if (fields.primaryType !== undefined) organization.primaryType = fields.primaryType;
  if (fields.subjectCode !== undefined) organization.subjectCode = fields.subjectCode;
  if (fields.address !== undefined) organization.address = fields.address;
  if (fields.inn !== undefined) organization.inn = fields.inn;
  if (fields.ogrn !== undefined) organization.ogrn = fields.ogrn;
  if (fields.chairName !== undefined) organization.chair.name = fields.chairName;
  if (fields.chairPhone !== undefined) organization.chair.phone = fields.chairPhone;
  if (fields.chairEmail !== undefined) organization.chair.email = fields.chairEmail;
}

function snapshot(organization: Organization): Record<string, string | null> {
  return {
    code: organization.code,
    name: organization.name,
    shortName: organization.shortName,
    primaryType: organization.primaryType,
    subjectCode: organization.subjectCode,
    address: organization.address,
    inn: organization.inn,
    ogrn: organization.ogrn,
    chairName: organization.chair.name,
    chairPhone: organization.chair.phone,
    chairEmail: organization.chair.email,
  };
}

const pick = (record: Record<string, string | null>, keys: string[]): Record<string, string | null> =>
  Object.fromEntries(keys.map((key) => [key, record[key] ?? null]));

/** Flushes, turning a taken registry code into a typed error (the unique index is the arbiter under races). */
async function flushUnique(em: EntityManager, code: string): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw new DomainError(ErrorCode.ALREADY_EXISTS, `Registry code "${code}" is already taken`, {
        field: 'code',
        code,
      });
    }
    throw error;
  }
}
