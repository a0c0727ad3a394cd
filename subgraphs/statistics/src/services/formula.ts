import { DomainError, ErrorCode } from '@registry/lib';
import { percentOf } from './ratio';

/**
 * The small formula language of report-form rows, evaluated without `eval`:
 *   expr   := term (('+' | '-') term)*
 *   term   := factor (('*' | '/') factor)*
 *   factor := number | name | 'percent(' expr ',' expr ')' | '(' expr ')'
 * Names are registry metrics (`members.active`, `movement.left`, `report.members`…) or keys of
 * earlier rows. Anything divided by zero or by an unknown figure is null, and so is a sum with it.
 * `percent(a, b)` prints two decimals rounded half up, like every share of this subgraph (ratio.ts).
 */
export type Value = number | null;

type Token = { kind: 'number'; value: number } | { kind: 'name'; value: string } | { kind: 'symbol'; value: string };

function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d+)?)|([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)|([-+*/(),]))/gy;
  let match: RegExpExecArray | null;
  let position = 0;
  while (position < formula.length && (match = pattern.exec(formula)) !== null) {
    position = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'number', value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ kind: 'name', value: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'symbol', value: match[3] });
  }
  if (formula.slice(position).trim() !== '') throw invalid(formula, `unexpected "${formula.slice(position).trim()}"`);
  return tokens;
}

const invalid = (formula: string, why: string): DomainError =>
  new DomainError(ErrorCode.BAD_USER_INPUT, `formula "${formula}": ${why}`, { formula });

export function evaluate(formula: string, variables: ReadonlyMap<string, Value>): Value {
  const tokens = tokenize(formula);
  let index = 0;
  const peek = (): Token | undefined => tokens[index];
  const expectSymbol = (symbol: string): void => {
    const token = tokens[index];
    if (token?.kind !== 'symbol' || token.value !== symbol) throw invalid(formula, `expected "${symbol}"`);
    index += 1;
  };
  const combine = (a: Value, b: Value, op: string): Value => {
    if (a === null || b === null) return null;
    if (op === '+') return a + b;
    if (op === '-') return a - b;
    if (op === '*') return a * b;
    return b === 0 ? null : a / b;
  };
  const factor = (): Value => {
    const token = tokens[index];
    index += 1;
    if (!token) throw invalid(formula, 'ends too early');
    if (token.kind === 'number') return token.value;
    if (token.kind === 'symbol' && token.value === '(') {
      const value = expr();
      expectSymbol(')');
      return value;
    }
    if (token.kind === 'name' && token.value === 'percent') {
      expectSymbol('(');
      const part = expr();
      expectSymbol(',');
      const whole = expr();
      expectSymbol(')');
      return part === null ? null : percentOf(part, whole);
    }
    if (token.kind === 'name') {
      if (!variables.has(token.value)) throw invalid(formula, `unknown figure "${token.value}"`);
      return variables.get(token.value) ?? null;
    }
    throw invalid(formula, `unexpected "${token.value}"`);
  };
  const term = (): Value => {
    let value = factor();
    for (let token = peek(); token?.kind === 'symbol' && (token.value === '*' || token.value === '/'); token = peek()) {
      index += 1;
      value = combine(value, factor(), token.value);
    }
    return value;
  };
  const expr = (): Value => {
    let value = term();
    for (let token = peek(); token?.kind === 'symbol' && (token.value === '+' || token.value === '-'); token = peek()) {
      index += 1;
      value = combine(value, term(), token.value);
    }
    return value;
  };
  const value = expr();
  if (index !== tokens.length) throw invalid(formula, 'has trailing input');
  return value;
}
