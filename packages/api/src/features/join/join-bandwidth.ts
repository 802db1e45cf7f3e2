import { changeBandwidthProfile, validateJoinToken } from '@virtual-care/domain';
import { z } from 'zod';
import type { ApiServices } from '../../composition/services';

/** What the patient's call page may ask for: audio only, or video again (messaging opens with its thread). */
export const joinBandwidthInputSchema = z.strictObject({
  profile: z.enum(['video', 'audio_only']),
});

export type JoinBandwidthInput = z.infer<typeof joinBandwidthInputSchema>;

/**
 * The patient's page moved its call to audio only (its own measurement, or a tap) or back to video: the session
 * records it like the clinician's change (decision 0022), with the patient as the actor, so the clinician's page
 * follows and the Encounter's modality seconds stay true. The join token is the credential.
 */
export async function joinBandwidthProfile(
  services: ApiServices,
  token: string,
  input: JoinBandwidthInput,
): Promise<{ bandwidthProfile: string }> {
  const { deps } = services;
  const { tenantId, sessionId, participant } = await validateJoinToken(deps, { token });
  const { session } = await changeBandwidthProfile(deps, {
    tenantId,
    sessionId,
    profile: input.profile,
    actorId: participant.userId,
  });
  return { bandwidthProfile: session.bandwidthProfile };
}
