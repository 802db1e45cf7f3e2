/* eslint-disable @typescript-eslint/no-unsafe-member-access -- black-box REST tests read untyped JSON bodies */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Clock } from '@virtual-care/domain';
import { createServices } from '../../src';
import { soon } from '../api/support/stack';
import { adminRest, useAdminStack } from './support/admin-stack';

const stack = useAdminStack();
const script = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../scripts/licence.mjs',
);

describe('licensing: the platform admin switches virtual care per tenant', () => {
  it('off -> MODULE_NOT_LICENSED on session creation and consent capture once the 10 s licence cache expires; on -> allowed again', async () => {
    const c = await stack.clinic();
    let now = Date.now();
    const clock: Clock = { now: () => new Date(now) };
    const services = createServices(stack.config, { clock });
    try {
      const rest = adminRest(services);
      const grant = () =>
        rest('POST', '/consents/me/grant', {
          token: c.patientToken,
          body: { type: 'telehealth', textVersion: 'telehealth-consent-v1' },
        });
      expect((await grant()).status).toBe(200);

      const licensing = stack.admin.licensing;
      expect(await licensing.setVirtualCare(`clinic-${c.tenantId}`, false)).toMatchObject({
        tenantId: c.tenantId,
        virtualCareLicensed: false,
      });
      expect((await grant()).status).toBe(200); // still cached
      now += 10_001;
      expect((await grant()).body.code).toBe('MODULE_NOT_LICENSED');
      const created = await rest('POST', '/sessions', {
        token: c.clinicianToken,
        body: { patientId: c.patientId, scheduledStart: soon() },
      });
      expect(created.body.code).toBe('MODULE_NOT_LICENSED');
      expect((await rest('GET', '/config', { token: c.adminToken })).status).toBe(200); // onboarding settings stay reachable

      await licensing.setVirtualCare(`clinic-${c.tenantId}`, true);
      now += 10_001;
      expect((await grant()).status).toBe(200);
    } finally {
      await services.close();
    }
  });

  it('pnpm licence <slug> off|on sets the flag; an unknown slug fails', async () => {
    const c = await stack.clinic();
    const env = { ...process.env, MIGRATION_DATABASE_URL: stack.db.adminUrl };
    const off = execFileSync(process.execPath, [script, `clinic-${c.tenantId}`, 'off'], {
      env,
      encoding: 'utf8',
    });
    expect(off).toContain('now off');
    expect(await stack.admin.licensing.list()).toContainEqual(
      expect.objectContaining({ tenantId: c.tenantId, virtualCareLicensed: false }),
    );
    execFileSync(process.execPath, [script, `clinic-${c.tenantId}`, 'on'], {
      env,
      encoding: 'utf8',
    });
    expect(await stack.admin.licence.isVirtualCareLicensed(c.tenantId)).toBe(true);
    expect(() =>
      execFileSync(process.execPath, [script, 'no-such-clinic', 'on'], { env, stdio: 'pipe' }),
    ).toThrow();
  }, 60_000);
});
