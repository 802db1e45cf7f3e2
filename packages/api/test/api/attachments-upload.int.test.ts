/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any -- black-box HTTP tests read untyped JSON bodies */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAttachmentRoute,
  createBearerAuthenticator,
  createServices,
  loadApiConfig,
  MAX_ATTACHMENT_BYTES,
  type ApiServices,
} from '../../src';

const ISSUER = 'https://idp.test.local';
const AUDIENCE = 'virtual-care-api';
const ENDPOINT = 'http://localhost:3000/api/v1/virtual-care/async-visits/attachments';
const dir = mkdtempSync(path.join(tmpdir(), 'vc-upload-'));
let privateKey: CryptoKey;
let baseEnv: Record<string, string>;
const opened: ApiServices[] = [];

type Route = (request: Request, ref: string) => Promise<Response>;
/** A streamed request body needs it (fetch's RequestInit type does not list it yet). */
const HALF_DUPLEX = { duplex: 'half' } as RequestInit;
let route: Route;

/** The composition root on the given settings, and the route the web app mounts, authenticating bearer tokens. */
function routeFor(env: Record<string, string>): Route {
  const services = createServices(loadApiConfig({ ...baseEnv, ...env }));
  opened.push(services);
  const bearer = createBearerAuthenticator(services.config.bearer);
  return createAttachmentRoute({
    services,
    authenticate: (request) => bearer(request.headers.get('authorization')),
  });
}

beforeAll(async () => {
  const keys = await generateKeyPair('ES256', { extractable: true });
  privateKey = keys.privateKey;
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'test', alg: 'ES256', use: 'sig' };
  baseEnv = {
    // The upload never touches the database; its pool is made lazily and never connects here.
    DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:9/none',
    JOIN_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
    SECRET_STORE_MASTER_KEY: `m1:${randomBytes(32).toString('base64')}`,
    API_JWT_ISSUER: ISSUER,
    API_JWT_AUDIENCE: AUDIENCE,
    API_JWKS: JSON.stringify({ keys: [jwk] }),
  };
  route = routeFor({ ATTACHMENT_DIR: dir });
});
afterAll(async () => {
  for (const services of opened) await services.close();
  rmSync(dir, { recursive: true, force: true });
});

const tokenFor = (userId: string, tenantId: string, roles: string[]) =>
  new SignJWT({ tenant_id: tenantId, roles, email: `${userId}@test.local`, name: 'Test' })
    .setProtectedHeader({ alg: 'ES256', kid: 'test' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime('10m')
    .sign(privateKey);

interface Person {
  tenantId: string;
  token: string;
}
const person = async (roles: string[], tenantId: string = randomUUID()): Promise<Person> => ({
  tenantId,
  token: await tokenFor(randomUUID(), tenantId, roles),
});

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const newRef = () => `att_${ulid()}`;

/** A JPEG as a phone sends it after resizing (a few hundred KB), its own bytes each time. */
function jpeg(size = 300_000): Buffer {
  const bytes = randomBytes(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  return bytes;
}

function put(
  who: Person,
  ref: string,
  bytes: Buffer,
  headers: Record<string, string> = {},
  via: Route = route,
): Promise<Response> {
  return via(
    new Request(`${ENDPOINT}/${ref}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${who.token}`,
        'content-type': 'image/jpeg',
        'content-length': String(bytes.length),
        'x-content-sha256': sha256Of(bytes),
        ...headers,
      },
      body: new Uint8Array(bytes),
    }),
    ref,
  );
}

const get = (who: Person, ref: string, via: Route = route) =>
  via(
    new Request(`${ENDPOINT}/${ref}`, { headers: { authorization: `Bearer ${who.token}` } }),
    ref,
  );

async function json(response: Response): Promise<any> {
  expect(response.headers.get('content-type')).toBe('application/json');
  return response.json();
}

describe('PUT /async-visits/attachments/{attachmentRef}: a photo uploaded before the visit is submitted', () => {
  it('201 with what the visit then declares; the same upload again answers 200 with the same; the photo reads back', async () => {
    const patient = await person(['patient']);
    const ref = newRef();
    const bytes = jpeg();
    const first = await put(patient, ref, bytes);
    expect(first.status).toBe(201);
    const dto = {
      attachmentRef: ref,
      contentType: 'image/jpeg',
      sha256: sha256Of(bytes),
      sizeBytes: bytes.length,
    };
    expect(await json(first)).toEqual(dto);

    const retry = await put(patient, ref, bytes);
    expect(retry.status).toBe(200);
    expect(await json(retry)).toEqual(dto);

    const read = await get(patient, ref);
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('image/jpeg');
    expect(read.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await read.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('the same ref with another photo -> 409 CONFLICT, and the first photo stays', async () => {
    const patient = await person(['patient']);
    const ref = newRef();
    const bytes = jpeg(2000);
    expect((await put(patient, ref, bytes)).status).toBe(201);
    const other = await put(patient, ref, jpeg(2000));
    expect(other.status).toBe(409);
    expect((await json(other)).code).toBe('CONFLICT');
    expect(Buffer.from(await (await get(patient, ref)).arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('not an image -> 415 UNSUPPORTED_MEDIA_TYPE, by its declared type or by its bytes; nothing is kept', async () => {
    const patient = await person(['patient']);
    const pdf = Buffer.from('%PDF-1.7 a scanned letter, not a photo of the rash');
    const ref = newRef();
    const declared = await put(patient, ref, pdf, { 'content-type': 'application/pdf' });
    expect(declared.status).toBe(415);
    expect((await json(declared)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const disguised = await put(patient, ref, pdf, { 'content-type': 'image/jpeg' });
    expect(disguised.status).toBe(415);
    expect((await json(disguised)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await get(patient, ref)).status).toBe(404);
  });

  it('PNG, WebP and HEIC photos are taken as what they are', async () => {
    const patient = await person(['patient']);
    const signatures: Record<string, number[]> = {
      'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      'image/webp': [...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBP')],
      'image/heic': [0, 0, 0, 0x18, ...Buffer.from('ftypheic')],
    };
    for (const [type, signature] of Object.entries(signatures)) {
      const bytes = randomBytes(4000);
      bytes.set(signature);
      const res = await put(patient, newRef(), bytes, { 'content-type': type });
      expect(res.status, type).toBe(201);
      expect((await json(res)).contentType).toBe(type);
    }
  });

  it('too large -> 413 PAYLOAD_TOO_LARGE before the body is read; a body longer than declared stops early', async () => {
    const patient = await person(['patient']);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(jpeg(64 * 1024));
      },
    });
    const ref = newRef();
    const res = await route(
      new Request(`${ENDPOINT}/${ref}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${patient.token}`,
          'content-type': 'image/jpeg',
          'content-length': String(MAX_ATTACHMENT_BYTES + 1),
          'x-content-sha256': sha256Of(Buffer.from('x')),
        },
        body: endless,
        ...HALF_DUPLEX,
      }),
      ref,
    );
    expect(res.status).toBe(413);
    expect((await json(res)).code).toBe('PAYLOAD_TOO_LARGE');
    expect(pulled).toBeLessThanOrEqual(1); // the stream's own read-ahead, nothing more

    const longer = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(jpeg(64 * 1024));
      },
    });
    pulled = 0;
    const lying = await route(
      new Request(`${ENDPOINT}/${ref}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${patient.token}`,
          'content-type': 'image/jpeg',
          'content-length': String(100_000),
          'x-content-sha256': sha256Of(Buffer.from('x')),
        },
        body: longer,
        ...HALF_DUPLEX,
      }),
      ref,
    );
    expect(lying.status).toBe(400);
    expect((await json(lying)).details).toMatchObject({ field: 'sizeBytes' });
    expect(pulled).toBeLessThanOrEqual(4);
    expect((await get(patient, ref)).status).toBe(404);
  });

  it('a photo that does not match its SHA-256 -> 400 VALIDATION_FAILED; nothing is kept, the right upload then works', async () => {
    const patient = await person(['patient']);
    const ref = newRef();
    const bytes = jpeg();
    const wrong = await put(patient, ref, bytes, { 'x-content-sha256': sha256Of(jpeg(100)) });
    expect(wrong.status).toBe(400);
    expect(await json(wrong)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'sha256', attachmentRef: ref },
    });
    expect((await get(patient, ref)).status).toBe(404);
    const tenantFiles = await readdir(path.join(dir, patient.tenantId));
    expect(tenantFiles).toEqual([]);
    expect((await put(patient, ref, bytes)).status).toBe(201);
  });

  it('a missing checksum or a ref not made as att_ + ULID -> 400 VALIDATION_FAILED', async () => {
    const patient = await person(['patient']);
    const bytes = jpeg(1000);
    const noSha = await put(patient, newRef(), bytes, { 'x-content-sha256': '' });
    expect(noSha.status).toBe(400);
    expect((await json(noSha)).details).toEqual({ field: 'x-content-sha256' });
    const badRef = await put(patient, '..%2F..%2Fpasswd', bytes);
    expect(badRef.status).toBe(400);
    expect((await json(badRef)).details).toEqual({ field: 'attachmentRef' });
  });

  it('who may: no sign-in -> 401; a clinician does not upload -> 403', async () => {
    const ref = newRef();
    const anonymous = await route(
      new Request(`${ENDPOINT}/${ref}`, { method: 'PUT', body: 'x' }),
      ref,
    );
    expect(anonymous.status).toBe(401);
    expect((await json(anonymous)).code).toBe('UNAUTHENTICATED');
    const clinician = await person(['clinician']);
    const refused = await put(clinician, ref, jpeg(1000));
    expect(refused.status).toBe(403);
    expect((await json(refused)).code).toBe('FORBIDDEN');
  });

  it("the tenant's clinician reads the photo; another patient, or anyone of another tenant, finds nothing (404)", async () => {
    const patient = await person(['patient']);
    const ref = newRef();
    const bytes = jpeg(5000);
    expect((await put(patient, ref, bytes)).status).toBe(201);

    const clinician = await person(['clinician'], patient.tenantId);
    const reviewed = await get(clinician, ref);
    expect(reviewed.status).toBe(200);
    expect(Buffer.from(await reviewed.arrayBuffer()).equals(bytes)).toBe(true);

    for (const stranger of [
      await person(['patient'], patient.tenantId),
      await person(['clinician']),
      await person(['patient']),
    ]) {
      const res = await get(stranger, ref);
      expect(res.status).toBe(404);
      expect((await json(res)).code).toBe('NOT_FOUND');
    }
    // Another tenant's patient cannot claim the ref either: it is theirs to fill, in their own tenant.
    expect((await put(await person(['patient']), ref, jpeg(100))).status).toBe(201);
    expect(Buffer.from(await (await get(patient, ref)).arrayBuffer()).equals(bytes)).toBe(true);
  });
});

describe('with ATTACHMENT_S3_BUCKET set, the same upload lands in the bucket', () => {
  let s3: FauxqsServer;
  beforeAll(async () => {
    s3 = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
    s3.createBucket('vc-photos');
  });
  afterAll(() => s3.stop());

  it('201, 200 on the retry, and the photo reads back from the bucket', async () => {
    const viaS3 = routeFor({
      ATTACHMENT_S3_BUCKET: 'vc-photos',
      ATTACHMENT_S3_ENDPOINT: s3.address,
      ATTACHMENT_S3_FORCE_PATH_STYLE: 'true',
      ATTACHMENT_S3_ACCESS_KEY_ID: 'test',
      ATTACHMENT_S3_SECRET_ACCESS_KEY: 'test',
    });
    const patient = await person(['patient']);
    const ref = newRef();
    const bytes = jpeg();
    expect((await put(patient, ref, bytes, {}, viaS3)).status).toBe(201);
    expect((await put(patient, ref, bytes, {}, viaS3)).status).toBe(200);
    expect((await get(patient, ref)).status).toBe(404); // not in the filesystem store
    const read = await get(patient, ref, viaS3);
    expect(read.status).toBe(200);
    expect(Buffer.from(await read.arrayBuffer()).equals(bytes)).toBe(true);
  });
});
