/* eslint-disable @typescript-eslint/no-unsafe-member-access -- black-box REST tests read untyped JSON bodies */
import { describe, expect, it } from 'vitest';
import { joinBandwidthProfile } from '../../src/features/join/join-bandwidth';
import { joinStatus } from '../../src/features/join/join-status';
import { createSession, patientWaitsProviderPresent } from './support/flows';
import { useStack } from './support/stack';

const stack = useStack();

/** A visit in progress: the patient admitted into the call with the clinician. */
async function visitInCall() {
  const t = await stack.tenant();
  const s = await createSession(stack.main, t.token, t.patientId);
  await patientWaitsProviderPresent(stack.main, t.token, s);
  const admitted = await stack.main.call(
    'POST',
    `/sessions/${s.id}/admit/${s.patientParticipantId}`,
    {
      token: t.token,
      body: {},
    },
  );
  expect(admitted.status).toBe(200);
  return { t, s };
}

describe('US-008 / decision 0022: the patient’s page reports its call’s profile with the join link', () => {
  it('audio only and back: the clinician sees each change by the patient, the patient’s status follows', async () => {
    const { t, s } = await visitInCall();
    const services = stack.main.services;
    await expect(
      joinBandwidthProfile(services, s.patientToken, { profile: 'audio_only' }),
    ).resolves.toEqual({ bandwidthProfile: 'audio_only' });
    expect((await joinStatus(services, s.patientToken)).bandwidthProfile).toBe('audio_only');
    const detail = await stack.main.call('GET', `/sessions/${s.id}`, { token: t.token });
    expect(detail.body).toMatchObject({
      bandwidthProfile: 'audio_only',
      bandwidthChanges: [{ from: 'video', to: 'audio_only', actorId: t.patientId }],
    });

    await expect(
      joinBandwidthProfile(services, s.patientToken, { profile: 'video' }),
    ).resolves.toEqual({ bandwidthProfile: 'video' });
    const back = await stack.main.call('GET', `/sessions/${s.id}`, { token: t.token });
    expect(back.body.bandwidthChanges).toMatchObject([
      { from: 'video', to: 'audio_only', actorId: t.patientId },
      { from: 'audio_only', to: 'video', actorId: t.patientId },
    ]);
  });

  it('a forged link changes nothing; an ended visit refuses with its status', async () => {
    const { t, s } = await visitInCall();
    const services = stack.main.services;
    await expect(
      joinBandwidthProfile(services, `${s.patientToken}x`, { profile: 'audio_only' }),
    ).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    expect(
      (await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token, body: {} })).status,
    ).toBe(200);
    await expect(
      joinBandwidthProfile(services, s.patientToken, { profile: 'audio_only' }),
    ).rejects.toMatchObject({ code: 'INVALID_STATUS_TRANSITION' });
    const detail = await stack.main.call('GET', `/sessions/${s.id}`, { token: t.token });
    expect(detail.body).toMatchObject({
      status: 'ended',
      bandwidthProfile: 'video',
      bandwidthChanges: [],
    });
  });
});
