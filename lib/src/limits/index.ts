export * from './cost';
export * from './operation-limits';
