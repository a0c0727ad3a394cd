import { loadQrKeys } from '@registry/lib';
import { centralAdmin, errorCodes, memberViewer } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../src/services/card-number';
import { authenticatePartnerApiKey } from '../src/services/partner.service';
import { signQrPayload, verifyQrPayload } from '../src/services/qr-payload';
import type { CardsWorld } from './fixtures';
import { dataOf, memberRep, OPS, openCardsWorld } from './fixtures';
import { activeVirtualCard, issuePlasticCards, liveCard } from './helpers';

let world: CardsWorld;
let partner: Awaited<ReturnType<CardsWorld['partner']>>;
let holder: string;
let virtual: { id: string; number: string; qrPayload: string };

beforeAll(async () => {
  world = await openCardsWorld();
  holder = await world.admit('P77-1');
  await issuePlasticCards(world, 'P77-1');
  virtual = await activeVirtualCard(world, holder, memberViewer(holder));
  partner = await world.partner();
});
afterAll(() => world.close());

const verify = async (text: string) =>
  dataOf<{ result: string; activeMember: boolean; bonusEligible: boolean; reason: string | null }>(
    await world.harness.execute(OPS.verify, { text }, partner.viewer),
    'verifyCard',
  );

const KEY_A = 'a-secret-of-thirty-two-characters-at-least-1';
const KEY_B = 'b-secret-of-thirty-two-characters-at-least-2';

describe('verifying a card as a partner', () => {
  it('accepts the QR payload of an active virtual card and a typed plastic number; says the holder is a member, nothing more', async () => {
    const answer = await verify(virtual.qrPayload);
    expect(answer).toEqual({ result: 'VALID', activeMember: true, bonusEligible: false, reason: null });
    const plastic = await liveCard(world, holder, 'PLASTIC');
    expect((await verify(plastic.number)).result).toBe('VALID');
    const full = await world.harness.execute(
      `query ($t: String!) { verifyCard(payloadOrNumber: $t) { __typename } }`,
      { t: plastic.number },
      partner.viewer,
    );
    expect(full.errors).toBeUndefined();
  });

  it('calls a tampered signature, a changed number, an unknown key, a bad check digit and an unknown number INVALID', async () => {
    const parts = virtual.qrPayload.split('.');
    const signature = parts[4] ?? '';
    const tampered = [...parts.slice(0, 4), `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`].join(
      '.',
    );
    expect(await verify(tampered)).toMatchObject({
      result: 'INVALID',
      reason: 'the signature does not match the payload',
    });
    const otherKey = signQrPayload(
      { number: virtual.number, expiresOn: '2031-01-31' },
      { activeKeyId: 'k9', secrets: new Map([['k9', KEY_A]]) },
    );
    expect(await verify(otherKey)).toMatchObject({ result: 'INVALID', reason: expect.stringContaining('"k9"') });
    expect(await verify(`${virtual.number.slice(0, 15)}${(Number(virtual.number.at(-1)) + 1) % 10}`)).toMatchObject({
      result: 'INVALID',
    });
    expect(await verify(`964377999999999${luhnCheckDigit('964377999999999')}`)).toMatchObject({
      result: 'INVALID',
      reason: 'unknown card number',
    });
    expect(await verify('not a card')).toMatchObject({ result: 'INVALID' });
  });

  it('calls a blocked or lost card REVOKED, and its QR payload too', async () => {
    const plastic = await liveCard(world, holder, 'PLASTIC');
    const lost = await world.harness.execute(
      'mutation ($c: UUID!) { reportCardLost(cardId: $c) { id } }',
      { c: plastic.id },
      memberViewer(holder),
    );
    expect(lost.errors).toBeUndefined();
    expect(await verify(plastic.number)).toEqual({
      result: 'REVOKED',
      activeMember: true,
      bonusEligible: false,
      reason: 'the card is LOST',
    });
    await world.harness.execute(
      'mutation ($c: UUID!) { blockCard(cardId: $c) { id } }',
      { c: virtual.id },
      memberViewer(holder),
    );
    expect((await verify(virtual.qrPayload)).result).toBe('REVOKED');
    await world.harness.execute(
      'mutation ($c: UUID!) { unblockCard(cardId: $c) { id } }',
      { c: virtual.id },
      centralAdmin,
    );
    expect((await verify(virtual.qrPayload)).result).toBe('VALID');
  });

  it('lets a partner verify and nothing else: no cards, no members, no partners list', async () => {
    expect(
      errorCodes(
        await world.harness.execute(
          'query ($id: UUID!) { card(id: $id) { number } }',
          { id: virtual.id },
          partner.viewer,
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      errorCodes(await world.harness.execute(OPS.memberCards, { reps: [memberRep(holder)] }, partner.viewer)),
    ).toContain('FORBIDDEN');
    expect(errorCodes(await world.harness.execute('{ partners { name } }', {}, partner.viewer))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await world.harness.execute(OPS.verify, { text: virtual.number }, memberViewer(holder)))).toEqual(
      ['FORBIDDEN'],
    );
  });

  it('authenticates an API key by its hash; a wrong, rotated or disabled key is nobody', async () => {
    const em = () => world.harness.orm.em.fork();
    expect(await authenticatePartnerApiKey(em(), partner.apiKey)).toEqual(partner.viewer);
    expect(await authenticatePartnerApiKey(em(), `${partner.apiKey}x`)).toBeNull();
    const [stored] = await em().execute<{ api_key_hash: string; api_key_prefix: string }[]>(
      'select api_key_hash, api_key_prefix from cards.partner where id = ?',
      [partner.id],
    );
    expect(stored?.api_key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.api_key_hash).not.toContain(partner.apiKey);
    expect(stored?.api_key_prefix).toBe(partner.apiKey.slice(0, 8));

    const other = await world.partner({ name: 'Аптека' });
    const rotated = dataOf<{ apiKey: string; partner: { apiKeyPrefix: string } }>(
      await world.harness.execute(
        'mutation ($id: UUID!) { rotatePartnerApiKey(id: $id) { apiKey partner { apiKeyPrefix } } }',
        { id: other.id },
        centralAdmin,
      ),
      'rotatePartnerApiKey',
    );
    expect(await authenticatePartnerApiKey(em(), other.apiKey)).toBeNull();
    expect(await authenticatePartnerApiKey(em(), rotated.apiKey)).toEqual(other.viewer);
    await world.harness.execute(
      'mutation ($id: UUID!) { updatePartner(id: $id, input: { active: false }) { active } }',
      { id: other.id },
      centralAdmin,
    );
    expect(await authenticatePartnerApiKey(em(), rotated.apiKey)).toBeNull();
  });
});

describe('QR signing keys', () => {
  it('keeps verifying payloads of the old key while a new one signs (rotation), and refuses a payload once its key is gone', () => {
    const card = { number: virtual.number, expiresOn: '2031-11-30' };
    const old = loadQrKeys({ CARD_QR_KEYS: JSON.stringify({ k1: KEY_A }), CARD_QR_ACTIVE_KEY: 'k1' });
    const payload = signQrPayload(card, old);
    const rotating = loadQrKeys({ CARD_QR_KEYS: JSON.stringify({ k1: KEY_A, k2: KEY_B }), CARD_QR_ACTIVE_KEY: 'k2' });
    expect(verifyQrPayload(payload, rotating)).toEqual({
      ok: true,
      content: { number: card.number, expiry: '2031-11', keyId: 'k1' },
    });
    expect(signQrPayload(card, rotating)).toMatch(/\.k2\./);
    const retired = loadQrKeys({ CARD_QR_KEYS: JSON.stringify({ k2: KEY_B }), CARD_QR_ACTIVE_KEY: 'k2' });
    expect(verifyQrPayload(payload, retired)).toMatchObject({ ok: false, reason: 'UNKNOWN_KEY' });
    expect(verifyQrPayload(payload.replace('2031-11', '2036-11'), rotating)).toMatchObject({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  it('requires the keys in production and refuses bad settings, naming them', () => {
    expect(() => loadQrKeys({ NODE_ENV: 'production' })).toThrow(/CARD_QR_KEYS and CARD_QR_ACTIVE_KEY must be set/);
    expect(loadQrKeys({}).activeKeyId).toBe('dev');
    expect(() => loadQrKeys({ CARD_QR_KEYS: '{nope', CARD_QR_ACTIVE_KEY: 'k1' })).toThrow(/not JSON/);
    expect(() => loadQrKeys({ CARD_QR_KEYS: JSON.stringify({ k1: 'short' }), CARD_QR_ACTIVE_KEY: 'k1' })).toThrow(
      /at least 32/,
    );
    expect(() => loadQrKeys({ CARD_QR_KEYS: JSON.stringify({ k1: KEY_A }), CARD_QR_ACTIVE_KEY: 'k2' })).toThrow(
      /expected one of k1, got "k2"/,
    );
  });
});
