import { describe, expect, it } from 'vitest';
import { isValidInn, isValidOgrn } from '../src/services/identifiers';
import { normalizePhone } from '@registry/lib';
import { checkOrganizationFields } from '../src/services/organization-fields';

describe('INN and OGRN checksums', () => {
  it('accepts real identifiers', () => {
    // Sberbank's INN and OGRN, and a valid 12-digit personal INN.
    expect(isValidInn('7707083893')).toBe(true);
    expect(isValidOgrn('1027700132195')).toBe(true);
    expect(isValidInn('500100732259')).toBe(true);
  });

  it('rejects a changed digit, a wrong length and non-digits', () => {
    expect(isValidInn('7707083894')).toBe(false);
    expect(isValidInn('770708389')).toBe(false);
    expect(isValidInn('77070838a3')).toBe(false);
    expect(isValidOgrn('1027700132196')).toBe(false);
    expect(isValidOgrn('102770013219')).toBe(false);
  });
});

describe('passport field checks', () => {
  it('reports every problem of a row at once, each with its code', () => {
    const { problems } = checkOrganizationFields({
      code: 'bad code!',
      name: ' ',
      inn: '7707083894',
      ogrn: '1027700132196',
      chairPhone: '12345',
      chairEmail: 'not-an-email',
      subjectCode: '99',
    });
    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([
      ['code', 'BAD_USER_INPUT'],
      ['name', 'BAD_USER_INPUT'],
      ['subjectCode', 'BAD_USER_INPUT'],
      ['inn', 'INVALID_INN'],
      ['ogrn', 'INVALID_OGRN'],
      ['chairPhone', 'BAD_USER_INPUT'],
      ['chairEmail', 'BAD_USER_INPUT'],
    ]);
  });

  it('normalizes what it accepts', () => {
    const { fields, problems } = checkOrganizationFields({
      name: '  Школа   №1 ',
      chairPhone: '8 (495) 123-45-67',
      chairEmail: 'Chair@School.RU',
    });
    expect(problems).toEqual([]);
    expect(fields).toEqual({ name: 'Школа №1', chairPhone: '+74951234567', chairEmail: 'chair@school.ru' });
    expect(normalizePhone('+7 916 000 11 22')).toBe('+79160001122');
  });

  it('refuses names over 500 characters', () => {
    const { problems } = checkOrganizationFields({ name: 'Ш'.repeat(501) });
    expect(problems).toEqual([
      { field: 'name', code: 'BAD_USER_INPUT', message: 'expected at most 500 characters, got 501' },
    ]);
  });
});
