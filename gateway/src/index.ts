export { signDevelopmentToken } from './auth/authenticate';
export { startGatewayServer } from './http/gateway-server';
export type { RunningStack, StackOptions } from './stack/stack';
export { PROJECT_ROOT, startStack } from './stack/stack';
export * as sdk from './sdk/graphql';
export { COVERAGE_CSV_HEADER, coverageCsvLine } from './export/coverage-export';
