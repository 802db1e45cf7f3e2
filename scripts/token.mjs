#!/usr/bin/env node
// `pnpm -s api-token <email> [--ttl 3600]`: prints a bearer token for a demo user, so the REST API can be tried
// with curl (docs/api.md). `recorder@<tenant>` is the tenant's recorder (Jibri): a service identity with the
// `recorder` role only, which just the recording endpoint accepts (no user row: it never signs in to the pages). Signed ES256 with the local key the start command keeps in .data/local-secrets.json;
// the web app verifies it with API_JWKS. Stands in for the identity provider a real deployment uses.
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib/bootstrap.mjs';
import { useProjectNode } from './lib/node-runtime.mjs';
import { LOCAL_API_JWT, localSecrets } from './lib/stack.mjs';

await useProjectNode(); // silent: the token alone goes to stdout

// The seed's fixed ids (packages/db/src/seed/demo-tenant.ts).
const DEMO_TENANT = { id: '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e01', name: 'Kabul Family Clinic' };
const HERAT_TENANT = { id: '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e02', name: 'Herat Health Post' };
const USERS = {
  'clinician@demo.virtual-care.local': {
    id: '7a2d3b5f-9e4c-4d6b-8f80-1b2c3d4e5f01',
    name: 'Dr. Nadia Rahimi',
    roles: ['clinician'],
    tenant: DEMO_TENANT,
  },
  'admin@demo.virtual-care.local': {
    id: '7a2d3b5f-9e4c-4d6b-8f80-1b2c3d4e5f02',
    name: 'Omar Haidari',
    roles: ['tenant_admin'],
    tenant: DEMO_TENANT,
  },
  'patient@demo.virtual-care.local': {
    id: '7a2d3b5f-9e4c-4d6b-8f80-1b2c3d4e5f03',
    name: 'Mariam Ahmadi',
    roles: ['patient'],
    tenant: DEMO_TENANT,
  },
  'clinician@herat.virtual-care.local': {
    id: '7a2d3b5f-9e4c-4d6b-8f80-1b2c3d4e5f04',
    name: 'Dr. Yusuf Sultani',
    roles: ['clinician'],
    tenant: HERAT_TENANT,
  },
  'recorder@demo.virtual-care.local': {
    id: '7a2d3b5f-9e4c-4d6b-8f80-1b2c3d4e5f81',
    name: 'Jibri recorder',
    roles: ['recorder'],
    tenant: DEMO_TENANT,
  },
  'recorder@herat.virtual-care.local': {
    id: '7a2d3b5f-9e4c-4d6b-8f80-1b2c3d4e5f82',
    name: 'Jibri recorder',
    roles: ['recorder'],
    tenant: HERAT_TENANT,
  },
};

const args = process.argv.slice(2);
const email = (
  args.find((a) => !a.startsWith('--')) ?? 'clinician@demo.virtual-care.local'
).toLowerCase();
const ttlIndex = args.indexOf('--ttl');
const ttl = ttlIndex >= 0 ? Number(args[ttlIndex + 1]) : 3600;
const user = USERS[email];
if (!user || !Number.isInteger(ttl) || ttl <= 0) {
  console.error(
    `usage: pnpm -s api-token <email> [--ttl seconds]\n  demo users: ${Object.keys(USERS).join(', ')}`,
  );
  process.exit(2);
}

const dataDir = path.resolve(root, process.env.VIRTUAL_CARE_DATA_DIR ?? '.data'); // as the start command
localSecrets(dataDir); // makes the key on first use (the start command then hands API_JWKS to the web app)
const { API_JWT_PRIVATE_JWK } = JSON.parse(
  readFileSync(path.join(dataDir, 'local-secrets.json'), 'utf8'),
);
const key = createPrivateKey({ key: JSON.parse(API_JWT_PRIVATE_JWK), format: 'jwk' });

const now = Math.floor(Date.now() / 1000);
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const header = { alg: 'ES256', typ: 'JWT', kid: LOCAL_API_JWT.kid };
const claims = {
  iss: LOCAL_API_JWT.issuer,
  aud: LOCAL_API_JWT.audience,
  sub: user.id,
  email,
  name: user.name,
  tenant_id: user.tenant.id,
  tenant_name: user.tenant.name,
  roles: user.roles,
  iat: now,
  exp: now + ttl,
};
const input = `${b64(header)}.${b64(claims)}`;
const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString(
  'base64url',
);
console.log(`${input}.${signature}`);
