import { randomUUID } from 'node:crypto';
import type { ConsentRecord, ConsentType } from '@virtual-care/domain';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabases } from './support/databases';
import { createTenant } from './support/fixtures';

describe('the directory store (names and the patient picker for pages)', () => {
  const { admin, app } = useTestDatabases();
  const directory = app.directory;
  let tenant: string;
  let other: string;
  const zahra = randomUUID();
  const ahmad = randomUUID();
  const portalUser = randomUUID();

  const decision = (
    patientId: string,
    type: ConsentType,
    value: ConsentRecord['decision'],
    at: string,
  ): ConsentRecord => ({
    id: `cns_${ulid()}`,
    tenantId: tenant,
    patientId,
    type,
    decision: value,
    textVersion: `${type}-v1`,
    capturedAt: new Date(at),
    capturedBy: randomUUID(),
    method: 'portal',
  });

  beforeAll(async () => {
    tenant = await createTenant(admin);
    other = await createTenant(admin);
    await admin.query('INSERT INTO users (id, email, name) VALUES ($1, $2, $3)', [
      portalUser,
      `patient-${portalUser}@test.local`,
      'Zahra (portal)',
    ]);
    await admin.query(
      `INSERT INTO patients (id, tenant_id, display_name, birth_date, user_id)
       VALUES ($1, $3, 'Zahra', '2004-07-21', $4), ($2, $3, 'Ahmad', NULL, NULL)`,
      [zahra, ahmad, tenant, portalUser],
    );
    await app.unitOfWork.run(tenant, async (s) => {
      // The latest decision of each type wins, whatever came before it.
      await s.consents.append(decision(zahra, 'telehealth', 'revoked', '2026-04-01T09:00:00Z'));
      await s.consents.append(decision(zahra, 'telehealth', 'granted', '2026-04-02T09:00:00Z'));
      await s.consents.append(decision(ahmad, 'telehealth', 'granted', '2026-04-01T09:00:00Z'));
      await s.consents.append(decision(ahmad, 'telehealth', 'revoked', '2026-04-02T09:00:00Z'));
      await s.consents.append(decision(ahmad, 'recording', 'granted', '2026-04-01T09:00:00Z'));
    });
  });

  it('lists the patients by name with where their consents stand', async () => {
    expect(await directory.listPatients(tenant)).toEqual([
      {
        id: ahmad,
        displayName: 'Ahmad',
        birthDate: null,
        telehealthConsent: false,
        recordingConsent: true,
      },
      {
        id: zahra,
        displayName: 'Zahra',
        birthDate: '2004-07-21',
        telehealthConsent: true,
        recordingConsent: false,
      },
    ]);
    expect((await directory.listPatients(tenant, 'zah')).map((p) => p.id)).toEqual([zahra]);
    expect(await directory.listPatients(other)).toEqual([]);
  });

  it("names a tenant's own patients only, in one look-up", async () => {
    const names = await directory.patientNames(tenant, [zahra, ahmad, randomUUID(), 'not-a-uuid']);
    expect(names).toEqual(
      new Map([
        [zahra, 'Zahra'],
        [ahmad, 'Ahmad'],
      ]),
    );
    expect(await directory.patientNames(other, [zahra])).toEqual(new Map());
  });

  it('finds the patient behind a portal account, the names of tenants and users', async () => {
    expect(await directory.patientOfUser(tenant, portalUser)).toBe(zahra);
    expect(await directory.patientOfUser(other, portalUser)).toBeNull();
    expect(await directory.tenantName(tenant)).toBe(`Test clinic ${tenant.slice(0, 8)}`);
    expect(await directory.tenantName(randomUUID())).toBeNull();
    expect(await directory.userNames([portalUser, 'not-a-uuid'])).toEqual(
      new Map([[portalUser, 'Zahra (portal)']]),
    );
    expect(await directory.videoConfig(tenant)).toBeNull();
  });
});
