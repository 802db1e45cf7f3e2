'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import type { AppRouter } from '@virtual-care/api';
import type { inferRouterOutputs } from '@trpc/server';
import { Alert, Button } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { apiErrorCode } from '../../i18n/api-errors';
import { useTRPC } from '../../trpc/client';
import { useFormat } from './use-format';
import { useScribeErrorText } from './use-scribe-error-text';

type Draft = inferRouterOutputs<AppRouter>['scribe']['summary'];

/** What the chart now holds, as the clinician accepted it. */
interface AcceptedNote {
  noteId: string;
  text: string;
  model: string;
  edited: boolean;
  acceptedAt: Date;
}

/**
 * The visit summary behind the clinician's gate (US-012): "Generate summary" asks the AI for a draft of the kept
 * transcript; the draft is editable and labelled as the AI's; Accept charts the text (edited or not) with its
 * provenance, Decline drops it and nothing is saved. A refusal or the AI service being down is said plainly.
 */
export function ScribeSummary({ sessionId }: { sessionId: string }) {
  const t = useTranslations('clinician.scribe');
  const trpc = useTRPC();
  const format = useFormat();
  const errorText = useScribeErrorText();
  const me = useQuery(trpc.me.queryOptions());
  const fieldId = useId();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [text, setText] = useState('');
  const [note, setNote] = useState<AcceptedNote | null>(null);
  const [declined, setDeclined] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const onError = (error: unknown) => setProblem(errorText(apiErrorCode(error)));

  const generate = useMutation(
    trpc.scribe.summary.mutationOptions({
      onSuccess: (answer) => {
        setDraft(answer);
        setText(answer.text);
      },
      onError,
    }),
  );
  const decide = useMutation(
    trpc.scribe.acceptSummary.mutationOptions({
      onSuccess: (decision, input) => {
        setDraft(null);
        setText('');
        if (decision.noteId)
          setNote({
            noteId: decision.noteId,
            text: input.summaryText,
            model: input.aiModel,
            edited: decision.edited,
            acceptedAt: new Date(),
          });
        else setDeclined(true);
      },
      onError,
    }),
  );
  const busy = generate.isPending || decide.isPending;

  if (note) {
    return (
      <section className="vc-stack" aria-labelledby={`${fieldId}-note`}>
        <Alert tone="success" title={t('note.saved')}>
          {t('note.savedBody')}
        </Alert>
        <h3 id={`${fieldId}-note`} className="vc-card__title">
          {t('note.title')}
        </h3>
        <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="scribe-note">
          {note.text}
        </p>
        <p data-testid="scribe-provenance">
          {t('note.provenance', {
            model: note.model,
            name: me.data?.user.name ?? t('note.you'),
            time: format.dateTime(note.acceptedAt),
            edited: note.edited ? 'yes' : 'no',
          })}
        </p>
        <dl className="vc-dl">
          <dt>{t('note.reference')}</dt>
          <dd>
            <code>{`DocumentReference/${note.noteId}`}</code>
          </dd>
        </dl>
      </section>
    );
  }

  return (
    <div className="vc-stack">
      {problem ? (
        <Alert tone="warning" title={t('problems.title')}>
          {problem}
        </Alert>
      ) : null}
      {declined && !draft ? <Alert tone="info">{t('declined')}</Alert> : null}
      {draft ? (
        <div className="vc-stack">
          <div className="vc-field">
            <label className="vc-field__label" htmlFor={fieldId}>
              {t('draft.label', { model: draft.model })}
            </label>
            <span className="vc-field__description" id={`${fieldId}-help`}>
              {t('draft.help')}
            </span>
            <textarea
              id={fieldId}
              className="vc-field__input"
              rows={8}
              aria-describedby={`${fieldId}-help`}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </div>
          <div className="vc-actions">
            <Button
              disabled={busy || text.trim() === ''}
              onClick={() => {
                setProblem(null);
                decide.mutate({
                  id: sessionId,
                  accepted: true,
                  summaryText: text,
                  aiModel: draft.model,
                  draftDigest: draft.draftDigest,
                });
              }}
            >
              {decide.isPending ? t('draft.saving') : t('draft.accept')}
            </Button>
            <Button
              variant="secondary"
              disabled={busy}
              onClick={() => {
                setProblem(null);
                // Declining writes nothing: the text stays in this browser, it is not sent.
                decide.mutate({
                  id: sessionId,
                  accepted: false,
                  summaryText: '',
                  aiModel: draft.model,
                });
              }}
            >
              {t('draft.decline')}
            </Button>
          </div>
        </div>
      ) : (
        <div className="vc-actions">
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() => {
              setProblem(null);
              setDeclined(false);
              generate.mutate({ id: sessionId });
            }}
          >
            {generate.isPending ? t('generating') : t('generate')}
          </Button>
        </div>
      )}
    </div>
  );
}
