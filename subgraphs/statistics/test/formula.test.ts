import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/services/formula';
import { evaluateRows } from '../src/services/report-forms';

const vars = new Map<string, number | null>([
  ['members.active', 80],
  ['members.youth', 20],
  ['report.members', null],
]);

describe('report-form formulas', () => {
  it('computes arithmetic and percent with two decimals, rounded half up', () => {
    expect(evaluate('members.active - members.youth * 2', vars)).toBe(40);
    expect(evaluate('(members.active - members.youth) * 2', vars)).toBe(120);
    expect(evaluate('percent(members.youth, members.active)', vars)).toBe(25);
    expect(evaluate('percent(1, 3)', vars)).toBe(33.33);
    expect(evaluate('percent(2, 3)', vars)).toBe(66.67);
    // 7.125 % exactly: a float product lands below the half and rounds to 7.12.
    expect(evaluate('percent(57, 800)', vars)).toBe(7.13);
  });

  it('yields null for unknown reference figures and division by zero', () => {
    expect(evaluate('percent(members.active, report.members)', vars)).toBeNull();
    expect(evaluate('members.active / 0', vars)).toBeNull();
  });

  it('refuses unknown names and malformed formulas with a typed error', () => {
    expect(() => evaluate('members.unknown + 1', vars)).toThrow(/unknown figure "members.unknown"/);
    expect(() => evaluate('members.active +', vars)).toThrow(/ends too early/);
    expect(() => evaluate('members.active; drop table', vars)).toThrow(/unexpected/);
  });

  it('lets later rows use earlier rows', () => {
    const rows = [
      { key: 'members', label: '', formula: 'members.active' },
      { key: 'youth', label: '', formula: 'members.youth' },
      { key: 'share', label: '', formula: 'percent(youth, members)' },
    ];
    expect(evaluateRows(rows, vars)).toEqual({ members: 80, youth: 20, share: 25 });
  });
});
