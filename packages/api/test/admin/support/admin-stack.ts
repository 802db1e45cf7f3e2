import { randomUUID } from 'node:crypto';
import { createOpenApiFetchHandler, type OpenApiRouter } from 'trpc-to-openapi';
import {
  createBearerAuthenticator,
  createContext,
  restError,
  router,
  type ApiServices,
  type Context,
} from '../../../src';
import { appRouter } from '../../../src/edge/app.router';
import { configRouter } from '../../../src/features/config/config.router';
import { consentsRouter } from '../../../src/features/consents/consents.router';
import { asTenant } from '../../api/support/fixtures';
import { useStack, type ApiResponse, type CallOptions, type Stack } from '../../api/support/stack';

/**
 * The product's procedures plus this routers, mounted the way app.router.ts will mount them, behind the same
 * REST conventions (bearer auth, `{ code, message, details }` errors through restError).
 */
const testRouter = router({
  ...appRouter._def.record,
  config: configRouter,
  consents: consentsRouter,
});

export type AdminCaller = (
  method: string,
  path: string,
  options?: CallOptions,
) => Promise<ApiResponse<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function adminRest(services: ApiServices): AdminCaller {
  const bearer = createBearerAuthenticator(services.config.bearer);
  return async (method, path, options = {}) => {
    const headers = new Headers(options.headers);
    if (options.token) headers.set('authorization', `Bearer ${options.token}`);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) headers.set('content-type', 'application/json');
    const req = new Request(`http://localhost:3000/api/v1/virtual-care${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    let failure: unknown;
    const response = await createOpenApiFetchHandler({
      endpoint: '/api/v1/virtual-care',
      req,
      router: testRouter as unknown as OpenApiRouter,
      createContext: async (): Promise<Context> =>
        createContext(await bearer(req.headers.get('authorization')), { services }),
      onError: ({ error }: { error: unknown }) => {
        failure = error;
      },
    });
    const text = await response.text();
    if (response.status >= 400) {
      const mapped = restError(failure);
      return { status: mapped.status, body: mapped.body, headers: response.headers };
    }
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as unknown) : null,
      headers: response.headers,
    };
  };
}

export interface AdminStack extends Stack {
  rest: AdminCaller;
  /** A tenant (licensed, on the Jitsi stand-in, with a consenting patient) plus an admin and a patient with a portal account. */
  clinic(options?: { licensed?: boolean }): Promise<Clinic>;
}

export interface Clinic {
  tenantId: string;
  clinicianId: string;
  clinicianToken: string;
  adminToken: string;
  /** A patient record linked to `patientUserId`, with no consent on file. */
  patientId: string;
  patientUserId: string;
  patientToken: string;
  jitsiSecret: string;
}

export function useAdminStack(): AdminStack {
  const stack = useStack() as AdminStack;
  stack.rest = (...args) => adminRest(stack.main.services)(...args);
  stack.clinic = async (options = {}) => {
    const t = await stack.tenant({ licensed: options.licensed ?? true });
    const adminId = randomUUID();
    const patientUserId = randomUUID();
    const patientId = randomUUID();
    await stack.admin.pool.query(
      'INSERT INTO users (id, email, name) VALUES ($1, $2, $3), ($4, $5, $6)',
      [
        adminId,
        `admin-${adminId}@test.local`,
        'Admin',
        patientUserId,
        `patient-${patientUserId}@test.local`,
        'Portal Patient',
      ],
    );
    await stack.admin.pool.query(
      `INSERT INTO tenant_memberships (tenant_id, user_id, role) VALUES ($1, $2, 'tenant_admin'), ($1, $3, 'patient')`,
      [t.tenantId, adminId, patientUserId],
    );
    await asTenant(stack.admin, t.tenantId, (q) =>
      q('INSERT INTO patients (id, tenant_id, display_name, user_id) VALUES ($1, $2, $3, $4)', [
        patientId,
        t.tenantId,
        'Portal Patient',
        patientUserId,
      ]),
    );
    return {
      tenantId: t.tenantId,
      clinicianId: t.clinicianId,
      clinicianToken: t.token,
      adminToken: await stack.tokenFor(adminId, t.tenantId, ['tenant_admin']),
      patientId,
      patientUserId,
      patientToken: await stack.tokenFor(patientUserId, t.tenantId, ['patient']),
      jitsiSecret: t.jitsiSecret,
    };
  };
  return stack;
}
