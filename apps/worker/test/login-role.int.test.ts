import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { useTestContext } from './support/fixtures';

describe('the worker refuses to start as a role that bypasses row-level security', () => {
  const ctx = useTestContext();
  const role = `vc_worker_bypass_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    await ctx.admin.query(`DROP ROLE IF EXISTS ${role}`);
  });

  it('exits with status 1 and says which role and what to do, before any job runs', async () => {
    const password = randomBytes(12).toString('hex');
    await ctx.admin.query(
      `CREATE ROLE ${role} LOGIN BYPASSRLS PASSWORD '${password}' IN ROLE virtual_care_worker`,
    );
    const url = new URL(inject('adminUrl'));
    url.username = role;
    url.password = password;
    const worker = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve(import.meta.dirname, '../src/main.ts')],
      {
        cwd: path.resolve(import.meta.dirname, '..'),
        env: {
          ...process.env,
          DATABASE_URL: url.toString(),
          NATS_URL: ctx.natsUrl,
          WORKER_HEALTH_PORT: '0',
          LOG_LEVEL: 'info',
          JOIN_TOKEN_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64url')}`,
          SECRET_STORE_MASTER_KEY: `m1:${Buffer.alloc(32, 2).toString('base64')}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    worker.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => worker.once('exit', resolve));

    expect(code).toBe(1);
    expect(output).toContain(`DATABASE_URL connects as \\"${role}\\", a BYPASSRLS role`);
    expect(output).not.toContain('worker started');
  });
});
