/* eslint-disable @typescript-eslint/no-unsafe-member-access -- black-box REST tests read untyped JSON bodies */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from './support/flows';
import { rows } from './support/fixtures';
import { useStack, type Face } from './support/stack';

const stack = useStack();

/** Two deployments that were given the same JOIN_TOKEN_KEYS, as a copied configuration would. */
let production: Face;
let staging: Face;

beforeAll(() => {
  const JOIN_TOKEN_KEYS = `k1:${randomBytes(32).toString('base64url')}`;
  production = stack.face({ JOIN_TOKEN_KEYS, PUBLIC_BASE_URL: 'http://localhost:3000' });
  staging = stack.face({ JOIN_TOKEN_KEYS, PUBLIC_BASE_URL: 'https://staging.clinic.example' });
});

async function patientStatus(sessionId: string, participantId: string): Promise<string> {
  const [row] = await rows<{ status: string }>(
    stack.admin,
    'SELECT status FROM virtual_session_participants WHERE session_id = $1 AND id = $2',
    [sessionId, participantId],
  );
  return row!.status;
}

describe('join tokens carry the audience of the deployment that issued them', () => {
  it('a token signed with the same key for another deployment -> 401 TOKEN_INVALID; the patient stays out of the waiting room', async () => {
    const t = await stack.tenant();
    const s = await createSession(production, t.token, t.patientId);
    const claims = await production.services.deps.signer.verify(s.patientToken);
    const stagingToken = await staging.services.deps.signer.sign(claims);
    const before = await patientStatus(s.id, s.patientParticipantId);

    const opened = await production.call(
      'GET',
      `/sessions/join?token=${encodeURIComponent(stagingToken)}`,
    );
    expect(opened.status).toBe(401);
    expect(opened.body.code).toBe('TOKEN_INVALID');
    const entered = await production.call('POST', '/sessions/join', {
      body: { token: stagingToken },
    });
    expect(entered.status).toBe(401);
    expect(entered.body.code).toBe('TOKEN_INVALID');
    expect(await patientStatus(s.id, s.patientParticipantId)).toBe(before);

    // The link production itself sent opens as before.
    const own = await production.call(
      'GET',
      `/sessions/join?token=${encodeURIComponent(s.patientToken)}`,
    );
    expect(own.status).toBe(200);
    expect(own.body.destination).toBe('waiting_room');
  });
});
