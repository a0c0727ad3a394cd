/** Settings every process reads from its environment, with development defaults spelled out. */
export interface SecurityConfig {
  /** HMAC secret shared by the gateway and subgraphs to sign the forwarded viewer. */
  readonly internalSecret: string;
  /** HS256 secret for users' tokens, unless JWKS_URL asks for RS256 keys. */
  readonly jwtSecret: string;
  readonly jwksUrl: string | null;
}

const DEVELOPMENT_INTERNAL_SECRET = 'development-only-internal-secret';
const DEVELOPMENT_JWT_SECRET = 'development-only-jwt-secret';

/** In production (`NODE_ENV=production`) a missing secret is an error, never a silent default. */
export function loadSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const production = env['NODE_ENV'] === 'production';
  const required = (name: string, fallback: string): string => {
    const value = env[name];
    if (value) return value;
    if (production) throw new Error(`${name} must be set when NODE_ENV=production`);
    return fallback;
  };
  return {
    internalSecret: required('REGISTRY_INTERNAL_SECRET', DEVELOPMENT_INTERNAL_SECRET),
    jwtSecret: env['JWKS_URL'] ? '' : required('JWT_SECRET', DEVELOPMENT_JWT_SECRET),
    jwksUrl: env['JWKS_URL'] ?? null,
  };
}
