import type { Request } from 'express';

/**
 * Posts an operation to this gateway's own `/graphql` with the caller's Authorization, so a page
 * or an export built on the API sees exactly what the API answers, with the same authorization and
 * limits. The address is the socket the request came in on, not the Host header: a forged Host
 * would otherwise carry the caller's token elsewhere.
 */
export async function postOwnGraphql(
  req: Request,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ status: number; body: unknown }> {
  const local = req.socket.address();
  if (!('port' in local)) throw new Error('Expected the request on a TCP socket');
  const host = local.family === 'IPv6' ? `[${local.address}]` : local.address;
  const response = await fetch(`http://${host}:${local.port}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body: unknown = await response.json();
  return { status: response.status, body };
}
