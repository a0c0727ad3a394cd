import { PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

/**
 * The columns every record of ours carries: a uuid key the database generates, and when the row
 * was created and last changed. Both decorators live here, the ORM's and the schema's, so a
 * subclass declares neither.
 *
 * `@ObjectType()` because type-graphql gives a subclass the fields of an `@ObjectType` superclass
 * only (a base without it leaves `Organization` with no `id`, and `@key(fields: "id")` fails). No
 * field returns a `BaseEntity`, so no schema prints it: type-graphql 2 emits only the types a
 * schema reaches. It prints inherited fields first, so in the SDL `id`, `createdAt` and
 * `updatedAt` head each subclass's fields. MikroORM finds the base through each subclass (its
 * discovery walks the prototype chain), so no subgraph lists it among its entities.
 */
@ObjectType()
export abstract class BaseEntity {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
