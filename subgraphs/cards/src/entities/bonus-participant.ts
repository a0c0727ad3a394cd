import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { BonusChannel } from './card-enums';

/** A member's participation in the bonus program; needs their consent to share data with it. */
@Entity({ tableName: 'bonus_participant' })
export class BonusParticipant {
  @PrimaryKey({ type: 'uuid' })
  memberId!: string;

  @Enum({ items: () => BonusChannel })
  channel!: BonusChannel;

  /** False once the consent is withdrawn or the membership ends; kept for the ledger's history. */
  @Property({ type: 'boolean' })
  active = true;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  enrolledAt: Date = new Date();

  @Property({ type: 'string', length: 200, nullable: true })
  enrolledBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  leftAt: Date | null = null;
}
