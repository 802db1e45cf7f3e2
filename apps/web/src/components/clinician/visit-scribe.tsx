'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Panel } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { useCallback, useId } from 'react';
import { useTRPC } from '../../trpc/client';
import { ScribeSummary } from './scribe-summary';
import type { TranscriptSegment } from './transcribe-chunk';
import { useScribeErrorText } from './use-scribe-error-text';
import { useTranscription, type TranscriptionProblem } from './use-transcription';

/**
 * The AI scribe in the visit room (US-011, US-012, decision 0029): while the visit is active, transcription of
 * the clinician's microphone and the running transcript, marked as not in the chart; active or ended, the summary
 * draft that reaches the chart only through the clinician's acceptance.
 */
export function VisitScribe({
  sessionId,
  patientId,
  active,
}: {
  sessionId: string;
  patientId: string;
  active: boolean;
}) {
  const t = useTranslations('clinician.scribe');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const transcriptQuery = trpc.scribe.transcript.queryOptions({ id: sessionId });
  const transcript = useQuery(transcriptQuery);
  const segments = (transcript.data?.segments ?? []).filter((s) => s.text.trim() !== '');

  const addSegment = useCallback(
    (segment: TranscriptSegment) =>
      queryClient.setQueryData(transcriptQuery.queryKey, (kept) =>
        kept
          ? {
              ...kept,
              segments: [
                ...kept.segments.filter((s) => s.sequence !== segment.sequence),
                segment,
              ].sort((a, b) => a.sequence - b.sequence),
            }
          : { sessionId, segments: [segment] },
      ),
    [queryClient, sessionId, transcriptQuery.queryKey],
  );

  return (
    <Panel title={t('title')}>
      <div className="vc-stack">
        {active ? (
          <Transcription sessionId={sessionId} patientId={patientId} onSegment={addSegment} />
        ) : null}
        <section aria-labelledby={headingId} className="vc-stack">
          <h3 id={headingId} className="vc-card__title">
            {t('transcript.title')}
          </h3>
          <p className="vc-field__description">{t('transcript.notInChart')}</p>
          <ol aria-live="polite" aria-relevant="additions" data-testid="scribe-transcript">
            {segments.map((segment) => (
              <li key={segment.sequence}>{segment.text}</li>
            ))}
          </ol>
          {segments.length === 0 ? <p>{t('transcript.empty')}</p> : null}
        </section>
        <ScribeSummary sessionId={sessionId} />
      </div>
    </Panel>
  );
}

/** Start / stop, and why it stopped by itself. Unmounted when the visit ends, which releases the microphone. */
function Transcription({
  sessionId,
  patientId,
  onSegment,
}: {
  sessionId: string;
  patientId: string;
  onSegment: (segment: TranscriptSegment) => void;
}) {
  const t = useTranslations('clinician.scribe');
  const errorText = useScribeErrorText();
  const { state, problem, start, stop } = useTranscription(sessionId, onSegment);
  const problemText = (p: TranscriptionProblem) =>
    p.kind === 'api' ? errorText(p.code) : t(`problems.${p.kind}`);
  return (
    <div className="vc-stack">
      {problem ? (
        <Alert tone="warning" title={t('problems.stopped')}>
          <p>{problemText(problem)}</p>
          {problem.kind === 'api' && problem.code === 'CONSENT_REQUIRED' ? (
            <a href={`/clinician/patients/${encodeURIComponent(patientId)}/consent`}>
              {t('problems.recordConsent')}
            </a>
          ) : null}
        </Alert>
      ) : null}
      <div className="vc-actions">
        {state === 'recording' ? (
          <Button variant="danger" onClick={stop}>
            {t('stop')}
          </Button>
        ) : (
          <Button onClick={() => void start()} disabled={state !== 'idle'}>
            {state === 'starting'
              ? t('starting')
              : state === 'finishing'
                ? t('finishing')
                : t('start')}
          </Button>
        )}
      </div>
      <p role="status">{state === 'recording' ? t('recording') : ''}</p>
    </div>
  );
}
