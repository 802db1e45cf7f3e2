'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  EmptyState,
  PageHeader,
  Panel,
  SESSION_STATUSES,
  StatusBadge,
  type SessionStatus,
} from '@virtual-care/ui';
import { useEffect, useId, useRef, useState } from 'react';
import { useTRPC } from '../../trpc/client';
import { loadJitsi, type JitsiApi, type JitsiMeeting } from '../jitsi-loader';
import { ConfirmDialog } from './confirm-dialog';
import { errorCode, errorMessage } from './error-messages';
import { formatDateTime, formatDuration, formatWaited } from './format';
import { useNow } from './use-now';
import { WAITING_ROOM_POLL_MS } from './waiting-room-panel';

const PARTICIPANT_LABELS: Record<string, string> = {
  invited: 'Invited',
  waiting: 'In the waiting room',
  admitted: 'Admitted',
  active: 'In the call',
  disconnected: 'Connection lost',
  removed: 'Removed',
};
const ROLE_LABELS: Record<string, string> = {
  provider: 'Clinician',
  patient: 'Patient',
  interpreter: 'Interpreter',
  observer: 'Observer',
};
const OPEN = ['scheduled', 'waiting', 'active'];

function isStatus(value: string): value is SessionStatus {
  return (SESSION_STATUSES as readonly string[]).includes(value);
}

/** The clinician's visit room: participants (admit / remove), the video, end and cancel, and the outcome. */
export function VisitRoom({ sessionId }: { sessionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow();
  const detailQuery = trpc.sessions.detail.queryOptions({ id: sessionId });
  const detail = useQuery({
    ...detailQuery,
    refetchInterval: WAITING_ROOM_POLL_MS,
    refetchIntervalInBackground: true,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: detailQuery.queryKey });

  const [meeting, setMeeting] = useState<JitsiMeeting | null>(null);
  const [dialog, setDialog] = useState<
    'end' | 'cancel' | { removeId: string; name: string } | null
  >(null);
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const [actionError, setActionError] = useState<string | null>(null);

  const onError = (error: unknown) => {
    setActionError(errorMessage(error));
    const code = errorCode(error);
    if (
      code === 'OPTIMISTIC_LOCK_CONFLICT' ||
      code === 'INVALID_STATUS_TRANSITION' ||
      code === 'PARTICIPANT_NOT_IN_WAITING_ROOM'
    )
      void refresh();
  };
  const done = () => {
    setActionError(null);
    setDialog(null);
    setReason('');
    void refresh();
  };

  const join = useMutation(
    trpc.sessions.providerJoin.mutationOptions({
      onSuccess: (answer) => setMeeting(answer.meeting),
      onError,
    }),
  );
  const admitMutation = useMutation(
    trpc.participants.admit.mutationOptions({ onSuccess: done, onError }),
  );
  // The clinician must be in the room before admitting (PROVIDER_NOT_PRESENT): join first, then admit.
  const admit = {
    isPending: admitMutation.isPending || join.isPending,
    mutate: (input: { sessionId: string; participantId: string }) => {
      if (meeting) {
        admitMutation.mutate(input);
        return;
      }
      join.mutate({ id: sessionId }, { onSuccess: () => admitMutation.mutate(input) });
    },
  };
  const remove = useMutation(
    trpc.participants.remove.mutationOptions({ onSuccess: done, onError }),
  );
  const end = useMutation(
    trpc.sessions.end.mutationOptions({
      onSuccess: () => {
        setMeeting(null);
        done();
      },
      onError,
    }),
  );
  const cancel = useMutation(trpc.sessions.cancel.mutationOptions({ onSuccess: done, onError }));

  const session = detail.data;
  if (detail.isPending) return <p role="status">Loading the visit…</p>;
  if (detail.isError || !session) {
    return (
      <Alert tone="error" title="This visit could not be opened">
        {errorMessage(detail.error)}
      </Alert>
    );
  }

  const open = OPEN.includes(session.status);
  const participants = session.participants
    .filter((p) => p.role !== 'provider' || p.status !== 'invited')
    .map((p) => ({ ...p, displayName: p.displayName ?? ROLE_LABELS[p.role] ?? 'Participant' }));

  return (
    <>
      <PageHeader title={`Visit with ${session.patientDisplayName ?? 'your patient'}`}>
        {formatDateTime(session.scheduledStart)} ·{' '}
        {isStatus(session.status) ? <StatusBadge status={session.status} /> : session.status}
        {session.recordingEnabled ? ' · Recording on (patient consent on file)' : ''}
      </PageHeader>
      {actionError ? (
        <Alert tone="error" title="That did not work">
          {actionError}
        </Alert>
      ) : null}
      <div className="vc-room" style={{ marginBlockStart: 'var(--vc-space-4)' }}>
        <Panel title="Video">
          {open ? (
            meeting ? (
              <ClinicianVideo meeting={meeting} />
            ) : (
              <EmptyState
                title="The video is not open"
                actions={
                  <Button onClick={() => join.mutate({ id: sessionId })} disabled={join.isPending}>
                    {join.isPending ? 'Opening…' : 'Join the video'}
                  </Button>
                }
              >
                Admitting a patient opens it for you as well.
              </EmptyState>
            )
          ) : (
            <Outcome session={session} />
          )}
        </Panel>
        <div className="vc-stack">
          <Panel title="Participants" aria-live="polite">
            {participants.length === 0 ? (
              <EmptyState title="Nobody has joined yet">
                The patient appears here when they open their link.
              </EmptyState>
            ) : (
              <ul className="vc-list">
                {participants.map((p) => (
                  <li key={p.id}>
                    <span className="vc-list__main">
                      <strong>{p.displayName}</strong>
                      <span className="vc-list__meta">
                        {ROLE_LABELS[p.role] ?? p.role} · {PARTICIPANT_LABELS[p.status] ?? p.status}
                        {p.status === 'waiting' && (p.joinedAt ?? p.waitingSince)
                          ? ` for ${formatWaited(p.joinedAt ?? p.waitingSince, now)}`
                          : ''}
                      </span>
                    </span>
                    {open && p.status === 'waiting' ? (
                      <Button
                        size="small"
                        onClick={() => admit.mutate({ sessionId, participantId: p.id })}
                        disabled={admit.isPending}
                        aria-label={`Admit ${p.displayName}`}
                      >
                        Admit
                      </Button>
                    ) : null}
                    {open && p.role !== 'provider' && p.status !== 'removed' ? (
                      <Button
                        size="small"
                        variant="secondary"
                        onClick={() => setDialog({ removeId: p.id, name: p.displayName })}
                        aria-label={`Remove ${p.displayName}`}
                      >
                        Remove
                      </Button>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Panel>
          {open ? (
            <Panel title="Visit">
              <div className="vc-actions">
                {session.status === 'active' ? (
                  <Button variant="danger" onClick={() => setDialog('end')}>
                    End visit
                  </Button>
                ) : (
                  <Button variant="secondary" onClick={() => setDialog('cancel')}>
                    Cancel visit
                  </Button>
                )}
              </div>
            </Panel>
          ) : null}
        </div>
      </div>

      <ConfirmDialog
        open={dialog === 'end'}
        title="End this visit?"
        confirmLabel="End visit"
        busy={end.isPending}
        onClose={() => setDialog(null)}
        // No expectedVersion from page load: presence heartbeats move the version every few seconds, and ending
        // is the clinician's intent whatever they were; the server still locks its own read-modify-write.
        onConfirm={() => end.mutate({ id: sessionId })}
      >
        <p>
          The call closes for everyone and the visit is recorded in the chart (an Encounter). This
          cannot be undone.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'cancel'}
        title="Cancel this visit?"
        confirmLabel="Cancel visit"
        cancelLabel="Keep the visit"
        busy={cancel.isPending}
        onClose={() => setDialog(null)}
        onConfirm={() =>
          cancel.mutate({ id: sessionId, reason: reason.trim() || 'Cancelled by the clinician' })
        }
      >
        <p>The patient&apos;s link stops working and they see that the visit was cancelled.</p>
        <div className="vc-field">
          <label className="vc-field__label" htmlFor={reasonId}>
            Reason (optional, for the record)
          </label>
          <input
            id={reasonId}
            className="vc-field__input"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
      </ConfirmDialog>
      <ConfirmDialog
        open={typeof dialog === 'object' && dialog !== null}
        title={typeof dialog === 'object' && dialog ? `Remove ${dialog.name}?` : 'Remove?'}
        confirmLabel="Remove"
        busy={remove.isPending}
        onClose={() => setDialog(null)}
        onConfirm={() => {
          if (typeof dialog === 'object' && dialog) {
            remove.mutate({
              sessionId,
              participantId: dialog.removeId,
              reason: reason.trim() || 'Removed by the clinician',
            });
          }
        }}
      >
        <p>They leave the call and their link stops working.</p>
        <div className="vc-field">
          <label className="vc-field__label" htmlFor={`${reasonId}-remove`}>
            Reason (optional, for the record)
          </label>
          <input
            id={`${reasonId}-remove`}
            className="vc-field__input"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
      </ConfirmDialog>
    </>
  );
}

function Outcome({
  session,
}: {
  session: {
    status: string;
    encounterId: string | null;
    durationSeconds: number | null;
    actualStart: string | null;
    actualEnd: string | null;
  };
}) {
  if (session.status === 'cancelled')
    return (
      <EmptyState title="This visit was cancelled">
        The patient&apos;s link no longer works.
      </EmptyState>
    );
  return (
    <div className="vc-stack">
      <Alert
        tone={session.status === 'ended' ? 'success' : 'warning'}
        announce
        title={session.status === 'ended' ? 'Visit ended' : 'Visit failed'}
      >
        {session.encounterId
          ? 'The visit is recorded in the chart.'
          : 'The chart record is being created…'}
      </Alert>
      <dl className="vc-dl">
        <dt>Encounter</dt>
        <dd>
          {session.encounterId ? (
            <code>
              {session.encounterId.startsWith('Encounter/')
                ? session.encounterId
                : `Encounter/${session.encounterId}`}
            </code>
          ) : (
            'Pending'
          )}
        </dd>
        <dt>Duration</dt>
        <dd>{formatDuration(session.durationSeconds)}</dd>
        <dt>Started</dt>
        <dd>{formatDateTime(session.actualStart)}</dd>
        <dt>Ended</dt>
        <dd>{formatDateTime(session.actualEnd)}</dd>
      </dl>
    </div>
  );
}

function ClinicianVideo({ meeting }: { meeting: JitsiMeeting }) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const parent = ref.current;
    if (!parent) return;
    let api: JitsiApi | null = null;
    let disposed = false;
    loadJitsi(meeting, parent)
      .then((opened) => {
        if (disposed) opened.dispose();
        else api = opened;
      })
      .catch(() => {
        if (!disposed) setFailed(true);
      });
    return () => {
      disposed = true;
      api?.dispose();
    };
  }, [meeting]);
  return (
    <>
      {failed ? (
        <Alert tone="error">
          The video could not be loaded. Check the video settings or try again.
        </Alert>
      ) : null}
      <div ref={ref} className="vc-video" role="region" aria-label="Video call" />
    </>
  );
}
