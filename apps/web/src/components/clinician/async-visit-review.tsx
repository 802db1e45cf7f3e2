'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, PageHeader, Panel } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { apiErrorCode, useApiErrorMessage } from '../../i18n/api-errors';
import { useTRPC } from '../../trpc/client';
import { AsyncVisitAnswers } from './async-visit-answers';
import { AsyncVisitOutcome } from './async-visit-outcome';
import { AsyncVisitPhotos } from './async-visit-photos';
import { ASYNC_VISIT_POLL_MS } from './async-visit-queue';
import { AsyncVisitStatusBadge, type AsyncVisit } from './async-visit-status';
import { useFormat } from './use-format';

/**
 * One async visit under the clinician's eyes: what the patient wrote, their intake answers and the photos they sent,
 * then start review, answer, close. Each step answers the visit as it now is; a visit another clinician moved on is read again.
 */
export function AsyncVisitReview({ id }: { id: string }) {
  const t = useTranslations('clinician.asyncVisits');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useApiErrorMessage();
  const format = useFormat();
  const getQuery = trpc.asyncVisits.get.queryOptions({ id });
  const detail = useQuery({ ...getQuery, refetchInterval: ASYNC_VISIT_POLL_MS });
  const me = useQuery(trpc.me.queryOptions());
  const [actionError, setActionError] = useState<string | null>(null);

  const onSuccess = (visit: AsyncVisit) => {
    setActionError(null);
    queryClient.setQueryData(getQuery.queryKey, visit);
    void queryClient.invalidateQueries(trpc.asyncVisits.list.pathFilter());
  };
  const onError = (error: unknown) => {
    setActionError(errorText(error));
    if (apiErrorCode(error) === 'INVALID_STATUS_TRANSITION')
      void queryClient.invalidateQueries({ queryKey: getQuery.queryKey });
  };
  const review = useMutation(trpc.asyncVisits.review.mutationOptions({ onSuccess, onError }));
  const respond = useMutation(trpc.asyncVisits.respond.mutationOptions({ onSuccess, onError }));
  const close = useMutation(trpc.asyncVisits.close.mutationOptions({ onSuccess, onError }));

  const visit = detail.data;
  if (detail.isPending) return <p role="status">{t('loading')}</p>;
  if (detail.isError || !visit) {
    return (
      <Alert tone="error" title={t('notOpened')}>
        {errorText(detail.error)}
      </Alert>
    );
  }
  const name = visit.patientDisplayName ?? t('unknownPatient');
  const someoneElseReviews =
    visit.status === 'under_review' &&
    me.data !== undefined &&
    visit.providerId !== me.data.user.id;

  return (
    <>
      <PageHeader title={t('heading', { name })}>
        {t('sentAt', { time: format.dateTime(visit.submittedAt) })} ·{' '}
        <AsyncVisitStatusBadge status={visit.status} />
      </PageHeader>
      {actionError ? (
        <Alert tone="error" title={t('actionFailed')}>
          {actionError}
        </Alert>
      ) : null}
      <div className="vc-room" style={{ marginBlockStart: 'var(--vc-space-4)' }}>
        <div className="vc-stack">
          <Panel title={t('complaintTitle')}>
            <p className="vc-async-visit__text">{visit.chiefComplaint}</p>
          </Panel>
          <Panel title={t('intakeAnswersTitle')}>
            <AsyncVisitAnswers answers={visit.answers} />
          </Panel>
          <Panel title={t('photosTitle', { count: visit.attachmentRefs.length })}>
            <AsyncVisitPhotos refs={visit.attachmentRefs} patientName={name} />
          </Panel>
        </div>
        <Panel title={t('answerTitle')}>
          {visit.status === 'submitted' ? (
            <div className="vc-stack">
              <p>{t('startHelp')}</p>
              <Button onClick={() => review.mutate({ id })} disabled={review.isPending}>
                {review.isPending ? t('starting') : t('startReview')}
              </Button>
            </div>
          ) : visit.status === 'under_review' ? (
            <div className="vc-stack">
              {someoneElseReviews ? <p className="vc-list__meta">{t('reviewingOther')}</p> : null}
              <ResponseForm
                busy={respond.isPending}
                onSend={(response) => respond.mutate({ id, response })}
              />
            </div>
          ) : visit.status === 'responded' || visit.status === 'closed' ? (
            <div className="vc-stack">
              <AsyncVisitOutcome visit={visit} />
              {visit.status === 'responded' ? (
                <div className="vc-stack">
                  <p>{t('closeHelp')}</p>
                  <Button
                    variant="secondary"
                    onClick={() => close.mutate({ id })}
                    disabled={close.isPending}
                  >
                    {close.isPending ? t('closing') : t('close')}
                  </Button>
                </div>
              ) : (
                <p>{t('closed')}</p>
              )}
            </div>
          ) : (
            <p>{t('notSent')}</p>
          )}
        </Panel>
      </div>
    </>
  );
}

/** The answer the patient reads: required, checked here in the clinician's language before it is sent. */
function ResponseForm({ busy, onSend }: { busy: boolean; onSend: (response: string) => void }) {
  const t = useTranslations('clinician.asyncVisits');
  const fieldId = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <form
      className="vc-stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const response = text.trim();
        if (!response) {
          setMissing(true);
          input.current?.focus();
          return;
        }
        onSend(response);
      }}
    >
      <div className="vc-field">
        <label className="vc-field__label" htmlFor={fieldId}>
          {t('responseLabel')}
        </label>
        <span className="vc-field__description" id={`${fieldId}-help`}>
          {t('responseHelp')}
        </span>
        <textarea
          ref={input}
          id={fieldId}
          className="vc-field__input"
          rows={6}
          required
          aria-describedby={missing ? `${fieldId}-help ${fieldId}-error` : `${fieldId}-help`}
          aria-invalid={missing ? true : undefined}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            if (event.target.value.trim()) setMissing(false);
          }}
        />
        {missing ? (
          <span className="vc-field__error" id={`${fieldId}-error`}>
            {t('responseRequired')}
          </span>
        ) : null}
      </div>
      <div className="vc-actions">
        <Button type="submit" disabled={busy}>
          {busy ? t('sending') : t('send')}
        </Button>
      </div>
    </form>
  );
}
