import { loadQrKeys } from '@registry/lib';
import { describe, expect, it } from 'vitest';

const DEVELOPMENT_KEY = 'development-only-card-qr-signing-key';
const DEPLOYMENT_KEY = 'qr-key-of-this-deployment-0123456789abcdef';

describe('QR signing keys in production', () => {
  it('refuses the published development key, naming the key id', () => {
    const keys = JSON.stringify({ k1: DEPLOYMENT_KEY, dev: DEVELOPMENT_KEY });
    expect(() => loadQrKeys({ NODE_ENV: 'production', CARD_QR_KEYS: keys, CARD_QR_ACTIVE_KEY: 'k1' })).toThrow(
      'CARD_QR_KEYS: the secret of "dev" is the published development key, refused when NODE_ENV=production',
    );
  });

  it('accepts the development key outside production and a key of the deployment in production', () => {
    expect(
      loadQrKeys({ CARD_QR_KEYS: JSON.stringify({ dev: DEVELOPMENT_KEY }), CARD_QR_ACTIVE_KEY: 'dev' }).secrets.get(
        'dev',
      ),
    ).toBe(DEVELOPMENT_KEY);
    const production = loadQrKeys({
      NODE_ENV: 'production',
      CARD_QR_KEYS: JSON.stringify({ k1: DEPLOYMENT_KEY }),
      CARD_QR_ACTIVE_KEY: 'k1',
    });
    expect(production).toEqual({ activeKeyId: 'k1', secrets: new Map([['k1', DEPLOYMENT_KEY]]) });
  });
});
