import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { logger, today } from '@registry/lib';
import { YOUTH_AGE } from '../contract';

/**
 * Moves the organization tally's youth cutoff to `asOf` minus YOUTH_AGE years (migration
 * …100005_organization_tally): readers correct the tally for the members born between the stored
 * cutoff and theirs, so keeping it current keeps that correction to a day's birthdays.
 */
export async function advanceYouthCutoff(em: EntityManager, asOf: string = today()): Promise<void> {
  await em.execute(`select members.advance_youth_cutoff((?::date - interval '${YOUTH_AGE} years')::date)`, [asOf]);
}

/** Runs {@link advanceYouthCutoff} at start and then every `intervalMs`; returns a stop function. */
export function keepYouthCutoffCurrent(orm: MikroORM, intervalMs = 3_600_000): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const tick = (): void => {
    running = advanceYouthCutoff(orm.em.fork()).catch((error: unknown) => {
      logger.error({ service: 'members', err: error }, 'moving the youth cutoff failed; retrying at the next tick');
    });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
