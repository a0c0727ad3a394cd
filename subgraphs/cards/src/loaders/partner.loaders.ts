import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Partner } from '../entities/partner';
import { Purchase } from '../entities/purchase';

export interface PartnerLoaders {
  partnersById: DataLoader<string, Partner | null>;
  purchasesById: DataLoader<string, Purchase | null>;
}

/** Per-request loaders of partners and the purchases they report: each batch is one statement, results in key order. */
export function createPartnerLoaders(em: EntityManager): PartnerLoaders {
  const partnersById = new DataLoader<string, Partner | null>(async (ids) => {
    const found = await em.find(Partner, { id: { $in: [...ids] } });
    const byId = new Map(found.map((partner) => [partner.id, partner]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const purchasesById = new DataLoader<string, Purchase | null>(async (ids) => {
    const found = await em.find(Purchase, { id: { $in: [...ids] } });
    const byId = new Map(found.map((purchase) => [purchase.id, purchase]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  return { partnersById, purchasesById };
}
