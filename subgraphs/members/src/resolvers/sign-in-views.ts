import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The same answer for every login, on record or not' })
export class SignInCodeRequest {
  @Field(() => Boolean) sent!: boolean;
  @Field(() => Int, { description: 'How long a code sent now stays valid' }) expiresInSeconds!: number;
}

@ObjectType({ description: "A member's token: send it as `Authorization: Bearer <token>`" })
export class MemberSignIn {
  @Field(() => String) token!: string;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => ID) memberId!: string;
}
