import 'reflect-metadata';
import type { ExecutionResult } from 'graphql';
import { execute, parse } from 'graphql';
import { Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../src/context';
import type { Viewer } from '../src/auth/viewer';
import { allow, definePermissions, hasAnyRole } from '../src/auth/rules';
import { Role } from '../src/auth/viewer';
import { DomainError, ErrorCode } from '../src/errors/domain-error';
import { buildFederatedSchema } from '../src/schema/federated-schema';

@ObjectType()
class Item {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) secret!: string | null;
}

@Resolver()
class ItemResolver {
  @Query(() => [Item])
  items(): Item[] {
    return [1, 2, 3].map((n) => ({ id: String(n), name: `item ${n}`, secret: `secret ${n}` }));
  }

  @Query(() => String)
  adminNote(): string {
    return 'for admins';
  }

  @Query(() => String)
  unlisted(): string {
    return 'nobody may read this';
  }

  @Query(() => String)
  failing(): string {
    throw new DomainError(ErrorCode.INVALID_STATE, 'expected an open item, got a closed one', { field: 'item' });
  }
}

const permissions = definePermissions({
  Query: { items: allow, adminNote: hasAnyRole(Role.CENTRAL_ADMIN), failing: allow },
  Item: { id: allow, name: allow },
});

const schemaPromise = buildFederatedSchema({ resolvers: [ItemResolver], permissions });

/** These resolvers never touch the database: the rules read only the viewer. */
const contextFor = (roles: Role[]): Pick<RequestContext<null>, 'viewer'> => {
  const viewer: Viewer = {
    subject: roles.length > 0 ? 'someone' : null,
    roles,
    organizationId: null,
    memberId: null,
    partnerId: null,
  };
  return { viewer };
};

async function run(query: string, roles: Role[] = []): Promise<{ result: ExecutionResult; synchronous: boolean }> {
  const returned = execute({ schema: await schemaPromise, document: parse(query), contextValue: contextFor(roles) });
  const synchronous = !(returned instanceof Promise);
  return { result: await returned, synchronous };
}

describe('subgraph shield', () => {
  it('leaves fields whose rule is allow unwrapped: a query of only such fields executes synchronously', async () => {
    const { result, synchronous } = await run('{ items { id name } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ items: [1, 2, 3].map((n) => ({ id: String(n), name: `item ${n}` })) });
    expect(synchronous).toBe(true);
  });

  it('denies by default: a field without a rule, of a listed type or of Query, is FORBIDDEN', async () => {
    const secret = await run('{ items { id secret } }', [Role.CENTRAL_ADMIN]);
    expect(secret.result.errors?.map((error) => [error.path?.join('.'), error.extensions['code']])).toEqual([
      ['items.0.secret', ErrorCode.FORBIDDEN],
      ['items.1.secret', ErrorCode.FORBIDDEN],
      ['items.2.secret', ErrorCode.FORBIDDEN],
    ]);
    const unlisted = await run('{ unlisted }', [Role.CENTRAL_ADMIN]);
    expect(unlisted.result.errors?.map((error) => error.extensions['code'])).toEqual([ErrorCode.FORBIDDEN]);
  });

  it('applies a real rule: a role check lets the role in and keeps others out', async () => {
    expect((await run('{ adminNote }', [Role.CENTRAL_ADMIN])).result.data).toEqual({ adminNote: 'for admins' });
    const analyst = await run('{ adminNote }', [Role.ANALYST]);
    expect(analyst.result.errors?.map((error) => error.extensions['code'])).toEqual([ErrorCode.FORBIDDEN]);
  });

  it("turns a resolver's domain error into a typed GraphQL error without any middleware", async () => {
    const { result } = await run('{ failing }');
    expect(result.errors?.map((error) => ({ message: error.message, extensions: error.extensions }))).toEqual([
      {
        message: 'expected an open item, got a closed one',
        extensions: { field: 'item', code: ErrorCode.INVALID_STATE },
      },
    ]);
  });
});
