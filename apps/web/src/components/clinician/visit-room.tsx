'use client';

import { OPEN_SESSION_STATUSES } from '@virtual-care/domain/vocabulary';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AppRouter } from '@virtual-care/api';
import type { inferRouterOutputs } from '@trpc/server';
import { Alert, Button, EmptyState, PageHeader, Panel, StatusBadge } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { apiErrorCode, useApiErrorMessage } from '../../i18n/api-errors';
import { useTRPC } from '../../trpc/client';
import { ContinueInMessages, FallbackThread } from '../fallback/message-thread';
import { ConfirmDialog } from './confirm-dialog';
import { ClinicianVideo } from './clinician-video';
import { ParticipantList } from './participant-list';
import { removedNames } from './removed-out-of-call';
import { RunningLateControl } from './running-late-control';
import { useAdmit } from './use-admit';
import { useFormat } from './use-format';
import { useNow } from './use-now';
import { VisitOutcome } from './visit-outcome';
import { useWaitingRoomLive, WAITING_ROOM_POLL_MS } from './waiting-room-panel';

/** The AI scribe's code (recorder, transcript, summary review) is fetched only for an active or ended visit. */
const VisitScribe = lazy(() => import('./visit-scribe').then((m) => ({ default: m.VisitScribe })));

export type SessionDetail = inferRouterOutputs<AppRouter>['sessions']['detail'];
type Meeting = inferRouterOutputs<AppRouter>['sessions']['providerJoin']['meeting'];
type Dialog = 'end' | 'cancel' | { removeId: string; name: string } | null;

const STALE = [
  'OPTIMISTIC_LOCK_CONFLICT',
  'INVALID_STATUS_TRANSITION',
  'PARTICIPANT_NOT_IN_WAITING_ROOM',
];

/**
 * The clinician's visit room: participants (admit / remove), the video, running late, no-show, end and cancel,
 * the outcome, and the AI scribe (transcription while active, the summary while active or ended). A clinician
 * who is in the call (they admitted from the dashboard, or reload the page) gets the video back by itself.
 */
export function VisitRoom({ sessionId }: { sessionId: string }) {
  const t = useTranslations('clinician.visit');
  const lateT = useTranslations('clinician.runningLate');
  const statusLabel = useTranslations('common.sessionStatus');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useApiErrorMessage();
  const format = useFormat();
  const now = useNow();
  const detailQuery = trpc.sessions.detail.queryOptions({ id: sessionId });
  const detail = useQuery({
    ...detailQuery,
    refetchInterval: WAITING_ROOM_POLL_MS,
    refetchIntervalInBackground: true,
  });
  // The session's changes, live (a patient arriving, the visit failing into messages); the poll is the safety net.
  useWaitingRoomLive();
  const me = useQuery(trpc.me.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: detailQuery.queryKey });

  const [meeting, setMeeting] = useState<Meeting | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const [actionError, setActionError] = useState<string | null>(null);

  const onError = (error: unknown) => {
    setActionError(errorText(error));
    if (STALE.includes(apiErrorCode(error) ?? '')) void refresh();
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
  const admission = useAdmit({
    onAdmitted: (_, opened) => {
      setMeeting((current) => current ?? opened);
      done();
    },
    onError,
  });
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
  const noShow = useMutation(trpc.sessions.noShow.mutationOptions({ onSuccess: done, onError }));

  const session = detail.data;
  // Back in the call by itself: the clinician's own provider participant is in the room, the video is not open.
  const myId = me.data?.user.id;
  const inCall = session?.participants.some(
    (p) =>
      p.role === 'provider' &&
      p.userId === myId &&
      (p.status === 'active' || p.status === 'admitted'),
  );
  const rejoin = join.mutate;
  const rejoined = useRef(false);
  useEffect(() => {
    if (!inCall || meeting || rejoined.current || session?.status !== 'active') return;
    rejoined.current = true;
    rejoin({ id: sessionId });
  }, [inCall, meeting, rejoin, session?.status, sessionId]);

  if (detail.isPending) return <p role="status">{t('loading')}</p>;
  if (detail.isError || !session) {
    return (
      <Alert tone="error" title={t('notOpened')}>
        {errorText(detail.error)}
      </Alert>
    );
  }

  const open = OPEN_SESSION_STATUSES.includes(session.status);
  // A failed visit that went on in messages is still the clinician's to end (decision 0024).
  const inMessages = session.status === 'failed' && session.messagingThreadId !== null;
  const patientName = session.patientDisplayName ?? t('yourPatient');
  const patient = session.participants.find((p) => p.role === 'patient' && p.status !== 'removed');
  const notCome =
    open && patient?.status === 'invited' && now >= new Date(session.scheduledStart).getTime();

  return (
    <>
      <PageHeader title={t('title', { name: patientName })}>
        {format.dateTime(session.scheduledStart)} ·{' '}
        <StatusBadge status={session.status} label={statusLabel(session.status)} />
        {session.recordingEnabled ? ` · ${t('recordingOn')}` : ''}
      </PageHeader>
      {actionError ? (
        <Alert tone="error" title={t('actionFailed')}>
          {actionError}
        </Alert>
      ) : null}
      {notCome ? (
        <Alert tone="warning" title={t('notCome', { name: patientName })}>
          {session.noShowAt ? (
            <p>{t('noShowAt', { time: format.time(session.noShowAt) })}</p>
          ) : null}
          <Button
            size="small"
            variant="secondary"
            onClick={() => noShow.mutate({ id: sessionId })}
            disabled={noShow.isPending}
          >
            {noShow.isPending ? t('noShowRecording') : t('noShowNow')}
          </Button>
        </Alert>
      ) : null}
      <div className="vc-room" style={{ marginBlockStart: 'var(--vc-space-4)' }}>
        <div className="vc-stack">
          {/* The visit continues in messages (US-008): the thread first, by itself. */}
          {session.messagingThreadId ? <FallbackThread session={session} /> : null}
          <Panel title={t('video')}>
            {open ? (
              meeting ? (
                <ClinicianVideo
                  meeting={meeting}
                  sessionId={sessionId}
                  bandwidthProfile={session.bandwidthProfile}
                  removedNames={removedNames(session.participants)}
                />
              ) : (
                <EmptyState
                  title={t('videoClosed')}
                  actions={
                    <Button
                      onClick={() => join.mutate({ id: sessionId })}
                      disabled={join.isPending}
                    >
                      {join.isPending ? t('opening') : t('joinVideo')}
                    </Button>
                  }
                >
                  {t('videoClosedHelp')}
                </EmptyState>
              )
            ) : (
              <VisitOutcome session={session} />
            )}
          </Panel>
          {session.status === 'active' || session.status === 'ended' ? (
            <Suspense fallback={null}>
              <VisitScribe
                sessionId={sessionId}
                patientId={session.patientId}
                active={session.status === 'active'}
              />
            </Suspense>
          ) : null}
        </div>
        <div className="vc-stack">
          <ParticipantList
            session={session}
            admitting={admission.pending}
            onAdmit={(participantId) => admission.admit(sessionId, participantId)}
            onRemove={(removeId, name) => setDialog({ removeId, name })}
          />
          {session.status === 'scheduled' || session.status === 'waiting' ? (
            <Panel title={lateT('label')}>
              <RunningLateControl sessionId={sessionId} current={session.runningLateMinutes} />
            </Panel>
          ) : null}
          {open || inMessages ? (
            <Panel title={t('visitPanel')}>
              {inMessages ? <p>{t('continuesInMessages')}</p> : null}
              <div className="vc-actions">
                {session.status === 'active' || inMessages ? (
                  <Button variant="danger" onClick={() => setDialog('end')}>
                    {t('end')}
                  </Button>
                ) : (
                  <Button variant="secondary" onClick={() => setDialog('cancel')}>
                    {t('cancel')}
                  </Button>
                )}
              </div>
              {session.status === 'active' && !session.messagingThreadId ? (
                <ContinueInMessages sessionId={sessionId} onDone={done} onError={onError} />
              ) : null}
            </Panel>
          ) : null}
        </div>
      </div>

      <ConfirmDialog
        open={dialog === 'end'}
        title={t('endTitle')}
        confirmLabel={t('end')}
        cancelLabel={t('goBack')}
        busy={end.isPending}
        onClose={() => setDialog(null)}
        // No expectedVersion from page load: presence heartbeats move the version every few seconds, and ending
        // is the clinician's intent whatever they were; the server still locks its own read-modify-write.
        onConfirm={() => end.mutate({ id: sessionId })}
      >
        <p>{t('endBody')}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'cancel'}
        title={t('cancelTitle')}
        confirmLabel={t('cancel')}
        cancelLabel={t('keep')}
        busy={cancel.isPending}
        onClose={() => setDialog(null)}
        onConfirm={() =>
          cancel.mutate({ id: sessionId, reason: reason.trim() || t('cancelledByClinician') })
        }
      >
        <p>{t('cancelBody')}</p>
        <ReasonField id={reasonId} label={t('reason')} value={reason} onChange={setReason} />
      </ConfirmDialog>
      <ConfirmDialog
        open={typeof dialog === 'object' && dialog !== null}
        title={typeof dialog === 'object' && dialog ? t('removeTitle', { name: dialog.name }) : ''}
        confirmLabel={t('remove')}
        cancelLabel={t('goBack')}
        busy={remove.isPending}
        onClose={() => setDialog(null)}
        onConfirm={() => {
          if (typeof dialog === 'object' && dialog) {
            remove.mutate({
              sessionId,
              participantId: dialog.removeId,
              reason: reason.trim() || t('removedByClinician'),
            });
          }
        }}
      >
        <p>{t('removeBody')}</p>
        <ReasonField
          id={`${reasonId}-remove`}
          label={t('reason')}
          value={reason}
          onChange={setReason}
        />
      </ConfirmDialog>
    </>
  );
}

function ReasonField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="vc-field">
      <label className="vc-field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="vc-field__input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
