import { ErrorCode } from '@registry/lib';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/**
 * Money as a whole number of kopecks (1/100 rouble). Not `Int`: GraphQL's Int is 32-bit, about
 * 21 million roubles, which a region's purchase sum outgrows; JSON numbers are exact up to 2^53,
 * which is 90 trillion roubles. Fractions are refused, so no float ever carries money.
 */
export const Kopecks = new GraphQLScalarType<number, number>({
  name: 'Kopecks',
  description: 'An amount of money in kopecks (1/100 RUB): a whole number, exact up to 2^53 - 1',
  serialize(value) {
    // PostgreSQL bigint arrives as a string.
    const amount = typeof value === 'string' || typeof value === 'bigint' ? Number(value) : value;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
      throw new GraphQLError(`Kopecks: expected a whole number of kopecks, got ${String(value)}`);
    }
    return amount;
  },
  parseValue: (value) => parseKopecks(value),
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT)
      return parseKopecks(ast.kind === Kind.FLOAT || ast.kind === Kind.STRING ? ast.value : ast.kind);
    return parseKopecks(Number(ast.value));
  },
});

function parseKopecks(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new GraphQLError(`Kopecks: expected a whole number of kopecks (1 RUB = 100), got ${JSON.stringify(value)}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT },
  });
}
