import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type Database } from '../src/database';
import { UnconfinedLoginRoleError } from '../src/sql/login-role';
import { useTestDatabases } from './support/databases';

const neverUnreachable = (error: Error) => {
  throw error;
};

describe('start-up refuses a database role that bypasses row-level security', () => {
  const { admin } = useTestDatabases();
  const opened: Database[] = [];
  const createdRoles: string[] = [];
  const open = (url: string) => {
    const db = createDatabase({ url, maxConnections: 1 });
    opened.push(db);
    return db;
  };
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
    // Roles are cluster-wide: a harness's shared server keeps none of ours.
    for (const role of createdRoles) await admin.query(`DROP ROLE ${role}`);
  });

  function urlAs(role: string, password: string): string {
    const url = new URL(inject('adminUrl'));
    url.username = role;
    url.password = password;
    return url.toString();
  }

  it('refuses a LOGIN role with BYPASSRLS, naming it and what to do', async () => {
    const role = `vc_bypass_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await admin.query(
      `CREATE ROLE ${role} LOGIN BYPASSRLS PASSWORD '${password}' IN ROLE virtual_care_app`,
    );
    createdRoles.push(role);
    const refusal = open(urlAs(role, password)).confirmLoginRole(neverUnreachable);
    await expect(refusal).rejects.toBeInstanceOf(UnconfinedLoginRoleError);
    await expect(refusal).rejects.toThrow(`DATABASE_URL connects as "${role}", a BYPASSRLS role`);
    await expect(refusal).rejects.toThrow('NOSUPERUSER NOBYPASSRLS');
  });

  it('refuses a superuser', async () => {
    await expect(open(inject('adminUrl')).confirmLoginRole(neverUnreachable)).rejects.toThrow(
      /a SUPERUSER role/,
    );
  });

  it('lets the web role and the worker role start', async () => {
    await expect(
      open(inject('appUrl')).confirmLoginRole(neverUnreachable),
    ).resolves.toBeUndefined();
    await expect(
      open(inject('workerUrl')).confirmLoginRole(neverUnreachable),
    ).resolves.toBeUndefined();
  });

  it('waits for a database that does not answer yet instead of passing the check', async () => {
    const down = new URL(inject('appUrl'));
    down.port = '1'; // nothing listens there
    const waits: number[] = [];
    const check = open(down.toString()).confirmLoginRole((_error, retryInMs) => {
      waits.push(retryInMs);
      if (waits.length === 2) throw new Error('gave up waiting');
    });
    await expect(check).rejects.toThrow('gave up waiting');
    expect(waits).toEqual([500, 1000]);
  });
});
