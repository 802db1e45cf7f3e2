'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AppRouter } from '@virtual-care/api';
import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import { useTRPC } from '../../trpc/client';

type Meeting = inferRouterOutputs<AppRouter>['sessions']['providerJoin']['meeting'];

/**
 * Admitting in one step: the clinician enters the visit room (a provider must be present, PROVIDER_NOT_PRESENT
 * otherwise), then admits. Entering again when already in is harmless, so the caller need not know which it is;
 * it gets the meeting its entry opened.
 */
export function useAdmit(options: {
  onAdmitted?: (sessionId: string, meeting: Meeting) => void;
  onError?: (error: unknown) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const enter = useMutation(trpc.sessions.providerJoin.mutationOptions());
  const admit = useMutation(trpc.participants.admit.mutationOptions());
  // The participant being admitted, while it runs (and only then).
  const [admitting, setAdmitting] = useState<string | null>(null);
  const run = async (sessionId: string, participantId: string) => {
    setAdmitting(participantId);
    try {
      const { meeting } = await enter.mutateAsync({ id: sessionId });
      await admit.mutateAsync({ sessionId, participantId });
      await Promise.all([
        queryClient.invalidateQueries(trpc.waitingRoom.list.pathFilter()),
        queryClient.invalidateQueries(trpc.sessions.pathFilter()),
      ]);
      options.onAdmitted?.(sessionId, meeting);
    } catch (error) {
      options.onError?.(error);
    } finally {
      setAdmitting(null);
    }
  };
  return {
    admit: (sessionId: string, participantId: string) => void run(sessionId, participantId),
    pending: admitting !== null,
    admitting,
  };
}
