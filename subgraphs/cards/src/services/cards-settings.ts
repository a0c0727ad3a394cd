import type { CardsConfig, RegistryConfig } from '@registry/lib';

/**
 * The cards subgraph's settings (QR keys, the outbox poll's interval), as its process read them
 * at start; what is accepted is `loadCardsConfig`'s to say, in lib's configuration.
 */
export function cardsSettingsOf(config: Pick<RegistryConfig, 'cards'>): CardsConfig {
  if (!config.cards)
    throw new Error(
      'Cards settings: expected the configuration of a process serving the cards subgraph (loadConfig with it among `subgraphs`), got one without them',
    );
  return config.cards;
}
