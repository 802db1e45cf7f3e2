import { randomBytes } from 'node:crypto';
import { createFixtureDatabase, type FixtureDatabase } from '@virtual-care/db/test-support';
import {
  startAccessPolicyStandIn,
  startFhirR4StandIn,
  startJitsiMeetStandIn,
  type AccessPolicyStandIn,
  type FhirR4StandIn,
  type JitsiMeetStandIn,
} from '@virtual-care/stand-ins';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll } from 'vitest';
import {
  createBearerAuthenticator,
  createRestHandler,
  createServices,
  loadApiConfig,
  type ServicesConfig,
  type ServiceOverrides,
  type ApiServices,
} from '../../../src';
import { openTestDatabase, type TestDatabase } from './database';
import {
  createPatient,
  createTenant,
  JITSI_APP_ID,
  type TenantFixture,
  type TenantOptions,
} from './fixtures';

export const ISSUER = 'https://idp.test.local';
export const AUDIENCE = 'virtual-care-api';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export type Caller = (
  method: string,
  path: string,
  options?: CallOptions,
) => Promise<ApiResponse<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Face {
  services: ApiServices;
  call: Caller;
}

export interface Stack {
  db: TestDatabase;
  admin: FixtureDatabase;
  config: ServicesConfig;
  jitsi: JitsiMeetStandIn;
  fhir: FhirR4StandIn;
  policy: AccessPolicyStandIn;
  /** Local consent records, FHIR stand-in. */
  main: Face;
  /** Builds another face (own services) on other settings, e.g. ACCESS_POLICY_URL, and overrides (a logger). */
  face(env: Record<string, string>, overrides?: ServiceOverrides): Face;
  tokenFor(userId: string, tenantId: string, roles?: string[]): Promise<string>;
  /** A tenant on the shared Jitsi stand-in (or the one given) with a clinician and their bearer token. */
  tenant(
    options?: Partial<TenantOptions>,
  ): Promise<TenantFixture & { token: string; patientId: string }>;
  patient(
    tenantId: string,
    consents?: { telehealth?: boolean; recording?: boolean },
  ): Promise<string>;
}

/** Everything one test file needs: database, stand-ins, services and the REST handler in-process. */
export function useStack(): Stack {
  const stack = {} as Stack;
  const closers: Array<() => Promise<void>> = [];
  let privateKey: CryptoKey;

  beforeAll(async () => {
    stack.db = await openTestDatabase();
    closers.push(() => stack.db.stop());
    stack.admin = createFixtureDatabase({ url: stack.db.adminUrl, maxConnections: 4 });
    closers.unshift(() => stack.admin.close());
    stack.jitsi = await startJitsiMeetStandIn({ appId: JITSI_APP_ID });
    stack.fhir = await startFhirR4StandIn();
    stack.policy = await startAccessPolicyStandIn();
    closers.unshift(
      () => stack.jitsi.stop(),
      () => stack.fhir.stop(),
      () => stack.policy.stop(),
    );

    const keys = await generateKeyPair('ES256', { extractable: true });
    privateKey = keys.privateKey;
    const publicJwk = {
      ...(await exportJWK(keys.publicKey)),
      kid: 'test',
      alg: 'ES256',
      use: 'sig',
    };
    const baseEnv: Record<string, string> = {
      DATABASE_URL: stack.db.appUrl,
      DATABASE_POOL_SIZE: '12',
      PUBLIC_BASE_URL: 'http://localhost:3000',
      JOIN_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
      SECRET_STORE_MASTER_KEY: `m1:${randomBytes(32).toString('base64')}`,
      VIDEO_ALLOW_LOOPBACK_HTTP: 'true',
      FHIR_BASE_URL: stack.fhir.url,
      API_JWT_ISSUER: ISSUER,
      API_JWT_AUDIENCE: AUDIENCE,
      API_JWKS: JSON.stringify({ keys: [publicJwk] }),
    };
    stack.face = (env, overrides) => {
      const config = loadApiConfig({ ...baseEnv, ...env });
      const services = createServices(config, overrides);
      closers.unshift(() => services.close());
      return { services, call: caller(services) };
    };
    stack.main = stack.face({});
    stack.config = stack.main.services.config;
  }, 120_000);

  afterAll(async () => {
    for (const close of closers) await close().catch(() => undefined);
  });

  stack.tokenFor = (userId, tenantId, roles = ['clinician']) =>
    new SignJWT({ tenant_id: tenantId, roles, email: `${userId}@test.local`, name: 'Dr. Test' })
      .setProtectedHeader({ alg: 'ES256', kid: 'test' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);

  stack.tenant = async (options = {}) => {
    const fixture = await createTenant(stack.admin, stack.config, {
      jitsiUrl: stack.jitsi.url,
      ...options,
    });
    const token = await stack.tokenFor(fixture.clinicianId, fixture.tenantId);
    const patientId = await createPatient(stack.admin, fixture.tenantId, {
      telehealth: true,
      recording: true,
    });
    return { ...fixture, token, patientId };
  };
  stack.patient = (tenantId, consents) => createPatient(stack.admin, tenantId, consents);
  return stack;
}

function caller(services: ApiServices): Caller {
  const bearer = createBearerAuthenticator(services.config.bearer);
  const handler = createRestHandler({
    services,
    authenticate: (req) => bearer(req.headers.get('authorization')),
  });
  return async (method, path, options = {}) => {
    const headers = new Headers(options.headers);
    if (options.token) headers.set('authorization', `Bearer ${options.token}`);
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    const response = await handler(
      new Request(`http://localhost:3000/api/v1/virtual-care${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      }),
    );
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (e.g. the reference page)
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
}

/** A start time a few minutes from now, so the join window is open. */
export function soon(minutes = 2): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}
