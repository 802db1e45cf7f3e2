'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/client';

/**
 * Admitting in one step: the clinician enters the visit room (a provider must be present, PROVIDER_NOT_PRESENT
 * otherwise), then admits. Entering again when already in is harmless, so the caller need not know which it is.
 */
export function useAdmit(options: {
  onAdmitted?: (sessionId: string) => void;
  onError?: (error: unknown) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const enter = useMutation(trpc.sessions.providerJoin.mutationOptions());
  const admit = useMutation(trpc.participants.admit.mutationOptions());
  const run = async (sessionId: string, participantId: string) => {
    try {
      await enter.mutateAsync({ id: sessionId });
      await admit.mutateAsync({ sessionId, participantId });
      await Promise.all([
        queryClient.invalidateQueries(trpc.waitingRoom.list.pathFilter()),
        queryClient.invalidateQueries(trpc.sessions.pathFilter()),
      ]);
      options.onAdmitted?.(sessionId);
    } catch (error) {
      options.onError?.(error);
    }
  };
  return {
    admit: (sessionId: string, participantId: string) => void run(sessionId, participantId),
    pending: enter.isPending || admit.isPending,
    /** The participant being admitted, while it runs. */
    admitting: admit.variables?.participantId ?? null,
  };
}
