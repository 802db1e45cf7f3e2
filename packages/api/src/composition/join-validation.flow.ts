import { validateJoinToken } from '@virtual-care/domain';
import type { z } from 'zod';
import type { validateJoinOutputSchema } from '../schemas/join.schema';
import type { ApiServices } from './services';

export type JoinValidation = z.infer<typeof validateJoinOutputSchema>;

/** GET /sessions/join: where the holder of a join token goes (the tRPC procedure and the REST route share it). */
export async function validateJoinLink(
  services: ApiServices,
  token: string,
): Promise<JoinValidation> {
  const { destination, url, sessionStatus } = await validateJoinToken(services.deps, { token });
  return { destination, url, sessionStatus };
}
