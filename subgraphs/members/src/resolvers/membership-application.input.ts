import { UUID } from '@registry/lib';
import { Field, InputType } from 'type-graphql';
import { ApplicationStatus } from '../entities/member-enums';

@InputType({ description: "Narrows the chair's inbox; all given conditions hold" })
export class ApplicationInboxFilter {
  @Field(() => UUID, { nullable: true, description: "This organization's subtree (default: the viewer's whole reach)" })
  organizationId?: string | null;

  @Field(() => ApplicationStatus, { nullable: true, description: 'Default PENDING' })
  status?: ApplicationStatus | null;

  @Field(() => String, { nullable: true, description: "Part of the applicant's name, e-mail, phone or SNILS" })
  search?: string | null;

  @Field(() => Date, { nullable: true, description: 'Filed at or after this moment' })
  submittedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Filed before this moment' })
  submittedTo?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: only applications matching a member on record or an earlier application; false: only the others',
  })
  matchesExisting?: boolean | null;
}
