import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadWebEnv } from '../src/env';

const base = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/vc',
  JOIN_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
  SECRET_STORE_MASTER_KEY: `m1:${randomBytes(32).toString('base64')}`,
};
const parse = loadWebEnv;

describe('web env', () => {
  it('accepts a minimal development environment, with a dev-only secret', () => {
    const env = parse({ ...base, NODE_ENV: 'development' });
    expect(env.nextAuthSecret).toMatch(/dev-only/);
    expect(env.natsUrl).toBeNull();
    expect(env.oidc).toBeNull();
  });

  it('names each bad variable in one message', () => {
    expect(() =>
      parse({ NODE_ENV: 'production', DATABASE_URL: 'mysql://x', NATS_URL: 'http://x' }),
    ).toThrowError(
      /DATABASE_URL: must be a postgres[\s\S]*NATS_URL: must be a nats[\s\S]*NEXTAUTH_SECRET: is required in production/,
    );
  });

  it('wants all three OIDC variables or none', () => {
    expect(() => parse({ ...base, OIDC_ISSUER: 'https://idp.example' })).toThrowError(
      /OIDC_CLIENT_ID[\s\S]*OIDC_CLIENT_SECRET/,
    );
    const env = parse({
      ...base,
      OIDC_ISSUER: 'https://idp.example',
      OIDC_CLIENT_ID: 'vc',
      OIDC_CLIENT_SECRET: 's',
    });
    expect(env.oidc).toEqual({ issuer: 'https://idp.example', clientId: 'vc', clientSecret: 's' });
  });

  it('treats an empty variable as unset', () => {
    expect(parse({ ...base, NATS_URL: '' }).natsUrl).toBeNull();
  });
});
