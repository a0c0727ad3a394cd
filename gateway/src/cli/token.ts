/**
 * `npm run token -- --role ORG_ADMIN --org 77 [--member <id>] [--sub <subject>] [--ttl 1h]`:
 * prints a staff (or member) token signed with this environment's JWT secret, for trying the API
 * by hand in development. `--org` takes an organization's id or its registry code (looked up
 * through the running gateway, GATEWAY_URL, default http://127.0.0.1:4000/graphql). Refused when
 * NODE_ENV=production: real tokens come from the sign-in (members) or the identity provider.
 */
// First: type-graphql's decorators (the package root of @registry/lib declares `PageInfo`) read the metadata it provides.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { RegistryConfig, Role } from '@registry/lib';
import { CommandError, environmentOf, isRole, isUuid, loadConfig } from '@registry/lib';
import { signDevelopmentToken } from '../auth/authenticate';

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(1);
}

function seconds(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  const amount = Number(match?.[1]);
  const unit = UNITS[match?.[2] || 's'];
  if (!match || unit === undefined || !(amount > 0))
    fail(`--ttl: expected a duration such as 3600, 30m or 12h, got ${JSON.stringify(text)}`);
  return amount * unit;
}

async function organizationId(codeOrId: string, url: string): Promise<string> {
  if (isUuid(codeOrId)) return codeOrId;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query ($c: String!) { organizationByCode(code: $c) { id } }',
      variables: { c: codeOrId },
    }),
  }).catch((error: unknown) =>
    fail(
      `--org ${codeOrId}: expected a running gateway at ${url} to look the code up (or pass the organization's id), got ${String(error)}`,
    ),
  );
  const body: unknown = await response.json();
  const data = typeof body === 'object' && body !== null && 'data' in body ? body.data : null;
  const found =
    typeof data === 'object' && data !== null && 'organizationByCode' in data ? data.organizationByCode : null;
  const id = typeof found === 'object' && found !== null && 'id' in found ? found.id : null;
  if (typeof id !== 'string')
    fail(
      `--org: expected a registry code of an organization, got ${JSON.stringify(codeOrId)}, which ${url} does not know`,
    );
  return id;
}

async function main(): Promise<void> {
  // Before the rest of the settings: production's own requirements are beside the point here.
  if (environmentOf(process.env) === 'production')
    fail('refused with NODE_ENV=production: development tokens are for development only');
  const config = readConfig();
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      org: { type: 'string' },
      member: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
    },
    strict: true,
  });
  const roles = (values.role ?? []).flatMap((role) => role.split(','));
  if (roles.length === 0)
    fail('expected --role CENTRAL_ADMIN, ORG_ADMIN, ANALYST or MEMBER (repeatable or comma-separated)');
  const checked: Role[] = roles.map((role) =>
    isRole(role)
      ? role
      : fail(`--role: expected CENTRAL_ADMIN, ORG_ADMIN, ANALYST, MEMBER or PARTNER, got ${JSON.stringify(role)}`),
  );
  const { security } = config;
  if (security.jwksUrl) fail(`JWKS_URL is set (${security.jwksUrl}): the gateway accepts only that issuer's tokens`);
  const ttl = seconds(values.ttl ?? '12h');
  if (ttl > security.jwtMaxLifetimeSeconds)
    fail(`--ttl: expected at most JWT_MAX_LIFETIME (${security.jwtMaxLifetimeSeconds} s), got ${ttl} s`);
  const org = values.org === undefined ? undefined : await organizationId(values.org, config.tools.gatewayUrl);
  const sub =
    values.sub ??
    `dev-${checked.join('-').toLowerCase()}${org ? `-${values.org}` : ''}${values.member ? `-${values.member}` : ''}`;
  const token = signDevelopmentToken(
    security.jwtSecret,
    { sub, roles: checked, ...(org ? { org } : {}), ...(values.member ? { member: values.member } : {}) },
    ttl,
  );
  process.stdout.write(`${token}\n`);
}

/** The settings; a refused one is named, without a stack trace. */
function readConfig(): RegistryConfig {
  try {
    return loadConfig(process.env, { subgraphs: [] });
  } catch (error) {
    if (error instanceof CommandError) return fail(error.message);
    throw error;
  }
}

void main();
