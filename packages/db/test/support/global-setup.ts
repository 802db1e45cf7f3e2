import 'vitest';
import type { TestProject } from 'vitest/node';
import { defaultLocalDbPassword } from '../../src/migrate/local-roles';
import { migrate } from '../../src/migrate/migration.runner';
import { startEmbeddedPostgres, type StartedPostgres } from './embedded-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser: fixtures and migration tests only. */
    adminUrl: string;
    /** virtual_care_web: the application's role (not superuser, not owner). */
    appUrl: string;
    /** virtual_care_worker_login. */
    workerUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: StartedPostgres | undefined;
  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres();
    adminUrl = embedded.adminUrl;
  }
  const password = process.env.LOCAL_DB_PASSWORD ?? defaultLocalDbPassword;
  await migrate({ url: adminUrl, localRoles: true, localPassword: password });
  project.provide('adminUrl', adminUrl);
  project.provide('appUrl', withCredentials(adminUrl, 'virtual_care_web', password));
  project.provide('workerUrl', withCredentials(adminUrl, 'virtual_care_worker_login', password));
  return async () => {
    await embedded?.stop();
  };
}

function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}
