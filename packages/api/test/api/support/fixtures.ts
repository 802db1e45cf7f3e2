import { randomBytes, randomUUID } from 'node:crypto';
import type { FixtureDatabase } from '@virtual-care/db/test-support';
import { ulid } from 'ulid';
import { createKmsSecretStore, masterKeyWrapper, type ApiConfig } from '../../../src';

export const JITSI_APP_ID = 'virtual-care-test';

export interface TenantFixture {
  tenantId: string;
  clinicianId: string;
  jitsiSecret: string;
}

export interface TenantOptions {
  licensed?: boolean;
  jitsiUrl: string;
  recordingAllowed?: boolean;
  brandingLogoUrl?: string | null;
  brandingPrimaryColor?: string | null;
  fallbackVideoBackend?: string | null;
}

/** A fresh tenant with a clinician and its virtual-care configuration (Jitsi secret encrypted like an admin would). */
export async function createTenant(
  admin: FixtureDatabase,
  config: ApiConfig,
  options: TenantOptions,
): Promise<TenantFixture> {
  const tenantId = randomUUID();
  const clinicianId = randomUUID();
  const jitsiSecret = randomBytes(24).toString('base64url');
  await admin.pool.query(
    'INSERT INTO tenants (id, name, slug, virtual_care_licensed) VALUES ($1, $2, $3, $4)',
    [tenantId, `Clinic ${tenantId.slice(0, 8)}`, `clinic-${tenantId}`, options.licensed ?? true],
  );
  await admin.pool.query('INSERT INTO users (id, email, name) VALUES ($1, $2, $3)', [
    clinicianId,
    `dr-${clinicianId}@test.local`,
    'Dr. Test',
  ]);
  await admin.pool.query(
    `INSERT INTO tenant_memberships (tenant_id, user_id, role) VALUES ($1, $2, 'clinician')`,
    [tenantId, clinicianId],
  );
  const secrets = createKmsSecretStore({ keyWrapper: masterKeyWrapper(config.masterKeys) });
  const encrypted = await secrets.encrypt(tenantId, jitsiSecret);
  await asTenant(admin, tenantId, (q) =>
    q(
      `INSERT INTO tenant_virtual_care_config (tenant_id, default_video_backend, jitsi_server_url, jitsi_jwt_app_id,
         jitsi_jwt_secret_encrypted, room_slug_prefix, branding_logo_url, branding_primary_color, recording_enabled,
         fallback_video_backend)
       VALUES ($1, 'jitsi', $2, $3, $4, 'tst', $5, $6, $7, $8)`,
      [
        tenantId,
        options.jitsiUrl,
        JITSI_APP_ID,
        encrypted,
        options.brandingLogoUrl === undefined
          ? 'https://cdn.example.org/logo.png'
          : options.brandingLogoUrl,
        options.brandingPrimaryColor === undefined ? '#0f766e' : options.brandingPrimaryColor,
        options.recordingAllowed ?? true,
        options.fallbackVideoBackend ?? null,
      ],
    ),
  );
  return { tenantId, clinicianId, jitsiSecret };
}

export async function createPatient(
  admin: FixtureDatabase,
  tenantId: string,
  consents: { telehealth?: boolean; recording?: boolean; ai_processing?: boolean } = {
    telehealth: true,
  },
): Promise<string> {
  const patientId = randomUUID();
  await asTenant(admin, tenantId, async (q) => {
    await q('INSERT INTO patients (id, tenant_id, display_name) VALUES ($1, $2, $3)', [
      patientId,
      tenantId,
      'Test Patient',
    ]);
    for (const type of ['telehealth', 'recording', 'ai_processing'] as const) {
      if (!consents[type]) continue;
      await q(
        `INSERT INTO consent_records (id, tenant_id, patient_id, type, decision, text_version, captured_at, captured_by, method)
         VALUES ($1, $2, $3, $4, 'granted', 'v1', now(), $5, 'portal')`,
        [`cns_${ulid()}`, tenantId, patientId, type, randomUUID()],
      );
    }
  });
  return patientId;
}

type Query = (sql: string, values?: unknown[]) => Promise<unknown>;

export async function asTenant<T>(
  admin: FixtureDatabase,
  tenantId: string,
  work: (q: Query) => Promise<T>,
): Promise<T> {
  const client = await admin.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    const result = await work((sql, values) => client.query(sql, values));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** Rows as the superuser sees them (no RLS), for assertions. */
export async function rows<T>(
  admin: FixtureDatabase,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  return (await admin.pool.query(sql, values)).rows as T[];
}

export async function outboxTypes(admin: FixtureDatabase, tenantId: string): Promise<string[]> {
  const found = await rows<{ event_type: string }>(
    admin,
    'SELECT event_type FROM virtual_care_outbox WHERE tenant_id = $1 ORDER BY seq',
    [tenantId],
  );
  return found.map((r) => r.event_type);
}

export async function sessionCount(admin: FixtureDatabase, tenantId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(
    admin,
    'SELECT count(*)::int AS n FROM virtual_sessions WHERE tenant_id = $1',
    [tenantId],
  );
  return row?.n ?? 0;
}
