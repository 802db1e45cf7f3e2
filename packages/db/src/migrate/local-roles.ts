import type pg from 'pg';

/** LOGIN roles of the embedded (local) database; never used against a real deployment. */
export const localLoginRoles = [
  { name: 'virtual_care_web', memberOf: 'virtual_care_app' },
  { name: 'virtual_care_worker_login', memberOf: 'virtual_care_worker' },
] as const;

export const defaultLocalDbPassword = 'virtual-care-local';

/**
 * Creates (or re-passwords) the local LOGIN roles. CREATE/ALTER ROLE take no bind
 * parameters, so the password goes in as an escaped literal.
 */
export async function ensureLocalRoles(client: pg.ClientBase, password: string): Promise<void> {
  const secret = client.escapeLiteral(password);
  for (const role of localLoginRoles) {
    const attrs = `LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${secret}`;
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
    if (exists.rowCount === 0) {
      try {
        await client.query(`CREATE ROLE ${role.name} ${attrs} IN ROLE ${role.memberOf}`);
        continue;
      } catch (error) {
        // Another database of the same cluster created it meanwhile: fall through to ALTER.
        if (!isDuplicate(error)) throw error;
      }
    }
    await client.query(`ALTER ROLE ${role.name} ${attrs}`);
    await client.query(`GRANT ${role.memberOf} TO ${role.name}`);
  }
}

function isDuplicate(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '42710' || code === '23505';
}
