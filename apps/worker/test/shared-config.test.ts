import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  apiEnvSlice,
  envVariables,
  loadApiConfig,
  metricsEnvSlice,
  type ServicesConfig,
} from '@virtual-care/api';
import { telemetryEnvSlice } from '@virtual-care/api/telemetry';
import { dbEnvSlice } from '@virtual-care/db';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWebEnv, webEnvSlice } from '../../web/src/env';
import { loadWorkerEnv, workerEnvSlice } from '../src/env';

// The web app and the worker compose the same db and api slices: one environment, one reading of it.
const dir = mkdtempSync(path.join(tmpdir(), 'vc-shared-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keyFile = path.join(dir, 'master-key');
writeFileSync(keyFile, `filekey:${randomBytes(32).toString('base64')}\n`);

/** Every shared variable set away from its default, as an operator would for both apps. */
const env = {
  NODE_ENV: 'production',
  NEXTAUTH_URL: 'https://care.example.org',
  NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
  DATABASE_URL: 'postgresql://u:p@db.example.org:5432/vc',
  DATABASE_POOL_SIZE: '7',
  PUBLIC_BASE_URL: 'https://join.example.org/',
  JOIN_TOKEN_KEYS: `k2:${randomBytes(32).toString('base64url')},k1:${randomBytes(32).toString('base64url')}`,
  SECRET_STORE_MASTER_KEY_FILE: keyFile,
  FHIR_BASE_URL: 'https://fhir.example.org/r4',
  FHIR_TIMEOUT_MS: '2500',
  COMMUNICATION_SERVICE_URL: 'https://comms.example.org',
  COMMUNICATION_SERVICE_TIMEOUT_MS: '3000',
  ACCESS_POLICY_URL: 'https://policy.example.org',
  AI_GATEWAY_URL: 'https://ai.example.org',
  AI_GATEWAY_API_KEY: 'sk-shared',
  AI_SUMMARY_MODEL: 'clinical-notes',
  AI_SUMMARY_TIMEOUT_MS: '45000',
  VIDEO_ALLOW_LOOPBACK_HTTP: '1',
  JITSI_HEALTH_PATH: '/custom/health',
  BRANDING_LOGO_HOSTS: 'CDN.example.org, logos.example.org',
  API_JWT_ISSUER: 'https://idp.example.org',
  API_JWT_AUDIENCE: 'virtual-care',
  API_JWKS_URL: 'https://idp.example.org/jwks',
  NATS_URL: 'nats://nats.example.org:4222',
  NATS_SUBJECT_PREFIX: 'clinic_a',
  LOG_LEVEL: 'warn',
};

/** The shared part of an app's config, with the master keys (closures) reduced to what they hold. */
function sharedPart(config: ServicesConfig) {
  const keys = Object.keys(loadApiConfig(env)) as (keyof ServicesConfig)[];
  const part: Record<string, unknown> = Object.fromEntries(keys.map((k) => [k, config[k]]));
  const current = config.masterKeys.currentKeyId();
  part.masterKeys = { current, key: config.masterKeys.getKey(current)?.toString('base64') };
  return part;
}

describe('one config for both apps', () => {
  it('the web app and the worker resolve every shared variable the same way', () => {
    const web = sharedPart(loadWebEnv(env));
    const worker = sharedPart(loadWorkerEnv(env));
    expect(worker).toEqual(web);
    expect(web).toMatchObject({
      natsSubjectPrefix: 'clinic_a',
      jitsiHealthPath: '/custom/health',
      masterKeys: { current: 'filekey' },
      fhirTimeoutMs: 2500,
      communicationServiceUrl: 'https://comms.example.org',
      communicationServiceTimeoutMs: 3000,
      aiGateway: {
        url: 'https://ai.example.org',
        apiKey: 'sk-shared',
        transcriptionModel: 'whisper-1',
        summaryModel: 'clinical-notes',
        transcriptionTimeoutMs: 15_000,
        summaryTimeoutMs: 45_000,
      },
      databasePoolSize: 7,
      publicBaseUrl: 'https://join.example.org',
    });
  });

  it('both name a bad shared variable with the same words', () => {
    const bad = { ...env, NATS_SUBJECT_PREFIX: 'Clinic.A', SECRET_STORE_MASTER_KEY_FILE: '' };
    const problems = (load: () => unknown) => {
      try {
        load();
        return [];
      } catch (error) {
        return (error as Error).message.split('\n').filter((line) => line.startsWith('  - '));
      }
    };
    const web = problems(() => loadWebEnv(bad));
    expect(web).toEqual(problems(() => loadWorkerEnv(bad)));
    expect(web.join('\n')).toMatch(/NATS_SUBJECT_PREFIX[\s\S]*SECRET_STORE_MASTER_KEY/);
  });

  it('.env.example lists every variable of both apps exactly once, and nothing else', () => {
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    const listed = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    const read = new Set(
      [
        dbEnvSlice,
        apiEnvSlice,
        metricsEnvSlice,
        telemetryEnvSlice,
        webEnvSlice,
        workerEnvSlice,
      ].flatMap((slice) => envVariables(slice)),
    );
    expect(listed.filter((name, i) => listed.indexOf(name) !== i)).toEqual([]);
    expect(new Set(listed)).toEqual(read);
  });
});
