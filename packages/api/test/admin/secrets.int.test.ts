/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- black-box REST tests read untyped JSON bodies */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createKmsSecretStore, masterKeyWrapper, parseMasterKeys } from '../../src';
import { rotateTenantSecrets } from '../../src/secrets/rotate-secrets';
import { asTenant, rows } from '../api/support/fixtures';
import { adminRest, useAdminStack } from './support/admin-stack';

const stack = useAdminStack();

/** Every text-like column of every table, counted where it contains `needle` (inside the tenant, so RLS hides nothing). */
async function occurrences(tenantId: string, needle: string): Promise<string[]> {
  const columns = await rows<{ table_schema: string; table_name: string; column_name: string }>(
    stack.admin,
    `SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
        AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY', 'bytea')`,
  );
  expect(columns.length).toBeGreaterThan(20);
  return asTenant(stack.admin, tenantId, async (q) => {
    const found: string[] = [];
    for (const c of columns) {
      const sql = `SELECT count(*)::int AS n FROM "${c.table_schema}"."${c.table_name}" WHERE strpos("${c.column_name}"::text, $1) > 0`;
      const result = (await q(sql, [needle])) as { rows: Array<{ n: number }> };
      if ((result.rows[0]?.n ?? 0) > 0) found.push(`${c.table_name}.${c.column_name}`);
    }
    return found;
  });
}

describe('secret store: no plaintext credential at rest, in logs or in events', () => {
  it('after a config update with secrets, no table, captured log line or outbox payload holds a plaintext secret', async () => {
    const c = await stack.clinic();
    const lines: string[] = [];
    const logger = pino(
      { level: 'trace' },
      new Writable({
        write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()),
      }),
    );
    const rest = adminRest(stack.main.services);
    const secrets = {
      jitsiJwtSecret: `jitsi-${randomBytes(12).toString('hex')}`,
      zoomApiKey: `zoom-${randomBytes(12).toString('hex')}`,
      webexClientId: `webex-${randomBytes(12).toString('hex')}`,
      teamsClientId: `teams-${randomBytes(12).toString('hex')}`,
    };
    const marker = `https://meet-${randomBytes(6).toString('hex')}.example.org`;
    // What the web handler logs: each call's path and outcome, and errors in full (a refused save included).
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await rest(method, path, { token: c.adminToken, ...(body ? { body } : {}) });
      logger.info(
        { method, path, status: res.status, response: res.body },
        'virtual-care api call',
      );
      if (res.status >= 400) logger.error({ err: res.body }, 'request failed');
      return res;
    };
    const { body: current } = await call('GET', '/config');
    const refused = await call('PUT', '/config', {
      expectedVersion: current.version,
      ...secrets,
      maxParticipants: 99,
    });
    expect(refused.status).toBe(400);
    const saved = await call('PUT', '/config', {
      expectedVersion: current.version,
      ...secrets,
      jitsiServerUrl: marker,
    });
    expect(saved.status).toBe(200);
    await call('GET', '/config');
    await call('POST', '/config/test-connection', {});

    expect(await occurrences(c.tenantId, marker)).toContain(
      'tenant_virtual_care_config.jitsi_server_url',
    ); // the scan sees this tenant's rows
    for (const secret of Object.values(secrets)) {
      expect(await occurrences(c.tenantId, secret)).toEqual([]);
      expect(lines.join('\n')).not.toContain(secret);
    }
    const outbox = await rows<{ payload: unknown }>(
      stack.admin,
      'SELECT payload FROM virtual_care_outbox WHERE tenant_id = $1',
      [c.tenantId],
    );
    expect(outbox.length).toBeGreaterThan(0);
    for (const secret of Object.values(secrets))
      expect(JSON.stringify(outbox)).not.toContain(secret);

    // and the stored values are envelopes the store opens again
    const [row] = await rows<{ s: string }>(
      stack.admin,
      'SELECT jitsi_jwt_secret_encrypted AS s FROM tenant_virtual_care_config WHERE tenant_id = $1',
      [c.tenantId],
    );
    const store = createKmsSecretStore({ keyWrapper: masterKeyWrapper(stack.config.masterKeys) });
    expect(await store.decrypt(c.tenantId, row!.s)).toBe(secrets.jitsiJwtSecret);
  });

  it('rotation re-wraps every credential to the new master key (old key still listed), then the old key can go; a second run changes nothing', async () => {
    const c = await stack.clinic();
    const { body: current } = await stack.rest('GET', '/config', { token: c.adminToken });
    await stack.rest('PUT', '/config', {
      token: c.adminToken,
      body: { expectedVersion: current.version, zoomApiKey: 'zoom-rotation-key' },
    });
    const oldSpec = (stack.config.masterKeys.getKey('m1') as Buffer).toString('base64');
    const newSpec = randomBytes(32).toString('base64');
    const both = createKmsSecretStore({
      keyWrapper: masterKeyWrapper(parseMasterKeys(`m2:${newSpec},m1:${oldSpec}`)),
    });

    const first = await rotateTenantSecrets(stack.admin, both);
    expect(first.failed).not.toContain(c.tenantId);
    const stored = async () =>
      (
        await rows<{ a: string; b: string }>(
          stack.admin,
          'SELECT jitsi_jwt_secret_encrypted AS a, zoom_api_key_encrypted AS b FROM tenant_virtual_care_config WHERE tenant_id = $1',
          [c.tenantId],
        )
      )[0]!;
    const after = await stored();
    expect([both.keyIdOf(after.a), both.keyIdOf(after.b)]).toEqual(['m2', 'm2']);

    const onlyNew = createKmsSecretStore({
      keyWrapper: masterKeyWrapper(parseMasterKeys(`m2:${newSpec}`)),
    });
    expect(await onlyNew.decrypt(c.tenantId, after.a)).toBe(c.jitsiSecret);
    expect(await onlyNew.decrypt(c.tenantId, after.b)).toBe('zoom-rotation-key');

    await rotateTenantSecrets(stack.admin, both);
    expect(await stored()).toEqual(after); // idempotent: already on m2, byte for byte
    const { body: config } = await stack.rest('GET', '/config', { token: c.adminToken });
    expect(config.version).toBe(current.version + 1); // rotation is key maintenance, not a config change
  });
});
