import type pg from 'pg';

/**
 * The apps' login role escapes row-level security (a superuser, or BYPASSRLS): every tenant's rows would be
 * open to every request, so the app refuses to run. Role attributes are not inherited, so current_user's own
 * attributes are the whole answer.
 */
export class UnconfinedLoginRoleError extends Error {
  constructor(
    readonly role: string,
    readonly attribute: 'SUPERUSER' | 'BYPASSRLS',
  ) {
    super(
      `refusing to start: DATABASE_URL connects as "${role}", a ${attribute} role, which row-level security ` +
        `does not confine. Connect as a LOGIN role with NOSUPERUSER NOBYPASSRLS that is a member of ` +
        `virtual_care_app (web app) or virtual_care_worker (worker), e.g. ALTER ROLE "${role}" ` +
        `NOSUPERUSER NOBYPASSRLS (docs/operations.md, "PostgreSQL").`,
    );
    this.name = 'UnconfinedLoginRoleError';
  }
}

/** Rejects with UnconfinedLoginRoleError when the pool's login role bypasses row-level security. */
export async function assertLoginRoleConfined(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ role: string; rolsuper: boolean; rolbypassrls: boolean }>(
    `SELECT rolname AS role, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
  );
  const me = rows[0];
  if (!me) throw new Error('the login role is missing from pg_roles');
  if (me.rolsuper) throw new UnconfinedLoginRoleError(me.role, 'SUPERUSER');
  if (me.rolbypassrls) throw new UnconfinedLoginRoleError(me.role, 'BYPASSRLS');
}

/**
 * assertLoginRoleConfined as soon as the database answers: an app may start before PostgreSQL does, so an
 * unreachable database is retried (with `onUnreachable` told each time), never taken as a pass.
 */
export async function confirmLoginRoleWhenReachable(
  pool: pg.Pool,
  onUnreachable: (error: Error, retryInMs: number) => void,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await assertLoginRoleConfined(pool);
    } catch (error) {
      if (error instanceof UnconfinedLoginRoleError) throw error;
      const retryInMs = Math.min(500 * 2 ** attempt, 10_000);
      onUnreachable(error as Error, retryInMs);
      await new Promise((resolve) => setTimeout(resolve, retryInMs));
    }
  }
}
