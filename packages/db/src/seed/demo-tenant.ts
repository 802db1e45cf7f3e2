import pg from 'pg';
import { hashPassword } from '../platform/password';

/** Fixed ids, so a second run finds what the first created and links stay stable. */
export const DEMO_TENANT_ID = '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e01';
export const HERAT_TENANT_ID = '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e02';

const USERS = {
  clinician: {
    id: '7a2d3b5f-9e4c-4d6b-8f80-1b2c3d4e5f01',
    email: 'clinician@demo.virtual-care.local',
    name: 'Dr. Nadia Rahimi',
    password: 'demo-clinician',
  },
  admin: {
    id: '7a2d3b5f-9e4c-4d6b-8f80-1b2c3d4e5f02',
    email: 'admin@demo.virtual-care.local',
    name: 'Omar Haidari',
    password: 'demo-admin',
  },
  patient: {
    id: '7a2d3b5f-9e4c-4d6b-8f80-1b2c3d4e5f03',
    email: 'patient@demo.virtual-care.local',
    name: 'Mariam Ahmadi',
    password: 'demo-patient',
  },
  heratClinician: {
    id: '7a2d3b5f-9e4c-4d6b-8f80-1b2c3d4e5f04',
    email: 'clinician@herat.virtual-care.local',
    name: 'Dr. Yusuf Sultani',
    password: 'demo-clinician',
  },
} as const;

const PATIENTS = {
  mariam: {
    id: '8b3e4c6a-af5d-4e7c-9a91-2c3d4e5f6a01',
    name: 'Mariam Ahmadi',
    birthDate: '1991-03-14',
    language: 'fa',
    userId: USERS.patient.id,
  },
  farid: {
    id: '8b3e4c6a-af5d-4e7c-9a91-2c3d4e5f6a02',
    name: 'Farid Karimi',
    birthDate: '1978-11-02',
    language: 'ps',
    userId: null,
  },
  zahra: {
    id: '8b3e4c6a-af5d-4e7c-9a91-2c3d4e5f6a03',
    name: 'Zahra Noori',
    birthDate: '2004-07-21',
    language: 'fa',
    userId: null,
  },
} as const;

const CONSENTS = [
  {
    id: 'cns_01JS0000000000DEM0C0NSENT1',
    patientId: PATIENTS.mariam.id,
    type: 'telehealth',
    method: 'portal',
  },
  {
    id: 'cns_01JS0000000000DEM0C0NSENT2',
    patientId: PATIENTS.mariam.id,
    type: 'recording',
    method: 'portal',
  },
  {
    id: 'cns_01JS0000000000DEM0C0NSENT3',
    patientId: PATIENTS.farid.id,
    type: 'telehealth',
    method: 'verbal_attested',
  },
] as const;

export interface SeedOptions {
  /** Migrating role's URL (the seed writes platform tables the app role may not own). */
  readonly url: string;
  /** The demo tenant's Jitsi server (the seed CLI passes DEMO_JITSI_URL); default: the local stand-in. */
  readonly jitsiUrl?: string;
}

export interface SeedResult {
  /** What this run inserted or changed (empty on a second run): labels only, nothing secret. */
  readonly changed: string[];
}

/** Idempotent: inserts what is missing and never rewrites what exists. */
export async function seedDemo(options: SeedOptions): Promise<SeedResult> {
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  const changed: string[] = [];
  const note = (label: string) => (r: pg.QueryResult) => {
    if (r.rowCount) changed.push(label);
  };
  try {
    await client.query('BEGIN');
    await insertTenant(
      client,
      DEMO_TENANT_ID,
      'Kabul Family Clinic',
      'kabul-family-clinic',
      true,
    ).then(note('tenant Kabul Family Clinic'));
    await insertTenant(
      client,
      HERAT_TENANT_ID,
      'Herat Health Post',
      'herat-health-post',
      false,
    ).then(note('tenant Herat Health Post'));
    for (const u of Object.values(USERS)) {
      if (await insertUser(client, u)) changed.push(`user ${u.email}`);
    }
    const memberships = [
      [DEMO_TENANT_ID, USERS.clinician.id, 'clinician'],
      [DEMO_TENANT_ID, USERS.admin.id, 'tenant_admin'],
      [DEMO_TENANT_ID, USERS.patient.id, 'patient'],
      [HERAT_TENANT_ID, USERS.heratClinician.id, 'clinician'],
    ] as const;
    for (const [tenantId, userId, role] of memberships) {
      // Memberships are tenant rows too (FORCE RLS): set their tenant, as below for the others.
      await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      await client
        .query(
          `INSERT INTO tenant_memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)
           ON CONFLICT (tenant_id, user_id, role) DO NOTHING`,
          [tenantId, userId, role],
        )
        .then(note(`membership ${role}`));
    }

    // Tenant-scoped rows: set the tenant as the application does, so FORCE RLS admits
    // them even when the migrating role is the (non-superuser) table owner.
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [DEMO_TENANT_ID]);
    for (const p of Object.values(PATIENTS)) {
      await client
        .query(
          `INSERT INTO patients (id, tenant_id, display_name, birth_date, preferred_language, user_id)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
          [p.id, DEMO_TENANT_ID, p.name, p.birthDate, p.language, p.userId],
        )
        .then(note(`patient ${p.id}`));
    }
    for (const c of CONSENTS) {
      await client
        .query(
          `INSERT INTO consent_records (id, tenant_id, patient_id, type, decision, text_version,
                                        captured_at, captured_by, method)
           VALUES ($1, $2, $3, $4, 'granted', $5, '2026-04-01T09:00:00Z', $6, $7)
           ON CONFLICT (id) DO NOTHING`,
          [
            c.id,
            DEMO_TENANT_ID,
            c.patientId,
            c.type,
            `${c.type}-consent-v1`,
            USERS.clinician.id,
            c.method,
          ],
        )
        .then(note(`consent ${c.id}`));
    }
    await seedDemoConfig(client, options.jitsiUrl).then((label) => label && changed.push(label));
    await client.query('COMMIT');
    return { changed };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

function insertTenant(
  client: pg.Client,
  id: string,
  name: string,
  slug: string,
  licensed: boolean,
) {
  return client.query(
    `INSERT INTO tenants (id, name, slug, virtual_care_licensed) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO NOTHING`,
    [id, name, slug, licensed],
  );
}

/** Hashes only when the user is missing: a fresh salt on every run would not be idempotent. */
async function insertUser(
  client: pg.Client,
  u: { id: string; email: string; name: string; password: string },
): Promise<boolean> {
  const existing = await client.query('SELECT 1 FROM users WHERE email = $1', [u.email]);
  if (existing.rowCount) return false;
  const result = await client.query(
    `INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [u.id, u.email, u.name, await hashPassword(u.password)],
  );
  return result.rowCount === 1;
}

/**
 * Inserts the demo tenant's configuration once (admins' later edits win). The Jitsi URL
 * alone follows an explicitly given DEMO_JITSI_URL, so the start script can move the
 * local stand-in to another port.
 */
async function seedDemoConfig(
  client: pg.Client,
  jitsiUrlOption: string | undefined,
): Promise<string | null> {
  const jitsiUrl = jitsiUrlOption ?? 'http://localhost:8443';
  const inserted = await client.query(
    `INSERT INTO tenant_virtual_care_config
       (tenant_id, default_video_backend, jitsi_server_url, room_slug_prefix, branding_primary_color,
        recording_enabled)
     VALUES ($1, 'jitsi', $2, 'kfc', '#0f766e', TRUE) ON CONFLICT (tenant_id) DO NOTHING`,
    [DEMO_TENANT_ID, jitsiUrl],
  );
  if (inserted.rowCount) return 'virtual care config';
  if (!jitsiUrlOption) return null;
  const moved = await client.query(
    `UPDATE tenant_virtual_care_config
        SET jitsi_server_url = $2, version = version + 1, updated_at = now()
      WHERE tenant_id = $1 AND jitsi_server_url IS DISTINCT FROM $2`,
    [DEMO_TENANT_ID, jitsiUrl],
  );
  return moved.rowCount ? 'virtual care config: jitsi_server_url' : null;
}
