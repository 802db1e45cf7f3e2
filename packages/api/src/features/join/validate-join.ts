import { validateJoinToken } from '@virtual-care/domain';
import type { z } from 'zod';
import type { validateJoinOutputSchema } from './join.schema';
import type { ApiServices } from '../../composition/services';

export type JoinValidation = z.infer<typeof validateJoinOutputSchema>;

/**
 * GET /sessions/join: where the holder of a join token goes (the tRPC procedure and the REST route share it).
 * The one join path that may answer from recently read sessions, and then only with answers that grant nothing
 * (decision 0011); the waiting room's own requests read afresh.
 */
export async function validateJoinLink(
  services: ApiServices,
  token: string,
): Promise<JoinValidation> {
  const { destination, url, sessionStatus } = await validateJoinToken(
    { ...services.deps, recentSessions: services.recentSessions },
    { token },
  );
  return { destination, url, sessionStatus };
}
