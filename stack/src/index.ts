export type { RunningStack, StackOptions } from './stack';
export { PROJECT_ROOT, startStack } from './stack';
export { SUBGRAPHS } from './subgraphs';
export { loadDemoUnion } from './demo/demo-union';
