import type { Viewer } from '../auth/viewer';
import type { RequestOrigin } from '../context';

/**
 * Whose bucket a request spends: a signed-in caller's own, else its network address's (as the
 * gateway saw it), else one shared by every caller whose address is unknown (requests straight at
 * a subgraph, which only the gateway's host can make).
 */
export function clientKeyOf(viewer: Viewer, origin: RequestOrigin): string {
  if (viewer.subject !== null) return `subject:${viewer.subject}`;
  if (origin.clientAddress !== null) return `address:${origin.clientAddress}`;
  return 'anonymous';
}
