'use client';

import { useQueries, useQuery } from '@tanstack/react-query';
import { ButtonLink, EmptyState, Panel } from '@virtual-care/ui';
import { useTRPC } from '../../trpc/client';
import { useArrivalAlert } from './arrival-alert';
import { formatTime, formatWaited } from './format';
import { useNow } from './use-now';

/** Fallback refresh while the live subscription (SSE over NATS subjects) is not wired: every 3 s. */
export const WAITING_ROOM_POLL_MS = 3_000;

export interface WaitingPatient {
  sessionId: string;
  participantId: string;
  displayName: string;
  waitingSince: string | null;
  scheduledStart: string;
}

/**
 * Who is waiting, across the clinician's open sessions. One hook so the transport can change (a tRPC
 * subscription fed by NATS `virtual_care.participant.*` subjects) without touching the panel.
 */
export function useWaitingPatients(): { patients: WaitingPatient[]; loading: boolean; failed: boolean } {
  const trpc = useTRPC();
  const sessions = useQuery({
    ...trpc.sessions.list.queryOptions({ status: ['waiting', 'active'], limit: 50 }),
    refetchInterval: WAITING_ROOM_POLL_MS,
    refetchIntervalInBackground: true,
  });
  const items = sessions.data?.items ?? [];
  const participants = useQueries({
    queries: items.map((session) => ({
      ...trpc.participants.list.queryOptions({ sessionId: session.id }),
      refetchInterval: WAITING_ROOM_POLL_MS,
      refetchIntervalInBackground: true,
    })),
  });
  const patients: WaitingPatient[] = [];
  items.forEach((session, index) => {
    const rows = participants[index]?.data?.items ?? [];
    for (const participant of rows) {
      if (participant.status !== 'waiting') continue;
      patients.push({
        sessionId: session.id,
        participantId: participant.id,
        displayName: participant.displayName ?? session.patientDisplayName ?? 'Patient',
        // joinedAt is when they entered the waiting room; waitingSince is their latest presence signal.
        waitingSince: participant.joinedAt ?? participant.waitingSince,
        scheduledStart: session.scheduledStart,
      });
    }
  });
  patients.sort((a, b) => (a.waitingSince ?? '').localeCompare(b.waitingSince ?? ''));
  return { patients, loading: sessions.isPending, failed: sessions.isError };
}

export function WaitingRoomPanel() {
  const { patients, loading, failed } = useWaitingPatients();
  const now = useNow();
  useArrivalAlert(patients.map((p) => p.participantId));

  return (
    <Panel title="Waiting room" aria-live="polite" aria-busy={loading}>
      {failed ? <p className="vc-alert vc-alert--warning">The waiting room could not be refreshed. Retrying…</p> : null}
      {patients.length === 0 ? (
        <EmptyState title={loading ? 'Checking the waiting room…' : 'Nobody is waiting'}>
          When a patient opens their join link, they appear here, with a sound, so you can admit them.
        </EmptyState>
      ) : (
        <ul className="vc-list" aria-label="Patients waiting">
          {patients.map((patient) => (
            <li key={patient.participantId}>
              <span className="vc-list__main">
                <strong>{patient.displayName}</strong>
                <span className="vc-list__meta">
                  Waiting {formatWaited(patient.waitingSince, now)} · visit at {formatTime(patient.scheduledStart)}
                </span>
              </span>
              <ButtonLink href={`/clinician/sessions/${patient.sessionId}`} size="small" aria-label={`Open the visit room for ${patient.displayName}`}>
                Open visit room
              </ButtonLink>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
