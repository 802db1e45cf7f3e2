import { migrate } from '@virtual-care/db';
import {
  startEmbeddedPostgres,
  type StartedPostgres,
} from '../../../../db/test/support/embedded-postgres';

export interface TestDatabase {
  /** Superuser (or migrating role): fixtures only. */
  adminUrl: string;
  /** The application's role: what the services use, confined by RLS. */
  appUrl: string;
  stop(): Promise<void>;
}

const LOCAL_PASSWORD = process.env.LOCAL_DB_PASSWORD ?? 'virtual-care-local';

/**
 * The test command's PostgreSQL (TEST_DATABASE_ADMIN_URL / TEST_DATABASE_APP_URL), or a throw-away embedded one
 * started the way packages/db's tests start theirs; migrated either way.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  let embedded: StartedPostgres | undefined;
  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres();
    adminUrl = embedded.adminUrl;
  }
  const givenAppUrl = process.env.TEST_DATABASE_APP_URL;
  await migrate({ url: adminUrl, localRoles: !givenAppUrl, localPassword: LOCAL_PASSWORD });
  const appUrl = givenAppUrl ?? withCredentials(adminUrl, 'virtual_care_web', LOCAL_PASSWORD);
  return { adminUrl, appUrl, stop: async () => embedded?.stop() };
}

function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}
