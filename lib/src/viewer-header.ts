/**
 * `@registry/lib/viewer-header`: the signed viewer header alone, for a gateway of another make
 * that speaks to the subgraphs (the benchmark's Hive peer), without loading the server side of
 * the package root into that process.
 */
export type { Viewer } from './auth/viewer';
export { encodeViewerHeaders } from './auth/viewer-header';
