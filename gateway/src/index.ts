export { signDevelopmentToken } from './auth/authenticate';
export { startGatewayServer } from './http/gateway-server';
export * as sdk from './sdk/graphql';
export { COVERAGE_CSV_HEADER, coverageCsvLine } from './export/coverage-export';
