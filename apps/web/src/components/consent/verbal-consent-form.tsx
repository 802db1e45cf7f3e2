'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Panel } from '@virtual-care/ui';
import { useLocale, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { formatDate } from '../../i18n';
import { useApiErrorMessage } from '../../i18n/api-errors';
import { useTRPC } from '../../trpc/client';

type ConsentType = 'telehealth' | 'recording' | 'ai_processing';

/** A clinician reads a consent text to the patient and records their verbal agreement with an attestation. */
export function VerbalConsentForm({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const t = useTranslations('consent');
  const locale = useLocale();
  const errorMessage = useApiErrorMessage();
  const texts = useQuery(trpc.consents.texts.queryOptions());
  const consents = useQuery(trpc.consents.forPatient.queryOptions({ patientId }));
  const [type, setType] = useState<ConsentType>('telehealth');
  const [attested, setAttested] = useState(false);
  const record = useMutation(
    trpc.consents.recordVerbal.mutationOptions({
      onSuccess: () => {
        setAttested(false);
        void queryClient.invalidateQueries({
          queryKey: trpc.consents.forPatient.queryKey({ patientId }),
        });
        void queryClient.invalidateQueries({ queryKey: trpc.patients.list.pathKey() });
      },
    }),
  );
  const text = texts.data?.items.find((item) => item.type === type);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text || !attested) return;
    record.mutate({ patientId, type, textVersion: text.version, attested: true });
  };

  return (
    <div className="vc-stack">
      <Panel title={t('verbal.panel')}>
        <form onSubmit={submit} className="vc-stack">
          <div className="vc-field">
            <label className="vc-field__label" htmlFor="consent-type">
              {t('verbal.type')}
            </label>
            <select
              id="consent-type"
              className="vc-field__input"
              value={type}
              onChange={(e) => setType(e.target.value as ConsentType)}
            >
              {(texts.data?.items ?? []).map((item) => (
                <option key={item.type} value={item.type}>
                  {t(`types.${item.type}`)}
                </option>
              ))}
            </select>
          </div>
          {text ? (
            <blockquote className="vc-card vc-consent-text">
              {/* The exact, versioned words read to the patient: kept as the clinic wrote them. */}
              <p lang="en" dir="ltr">
                {text.body}
              </p>
              <p className="vc-field__description">
                {t('textVersion', { version: text.version })} {t('verbal.readIt')}
              </p>
              {locale !== 'en' ? <p className="vc-field__description">{t('englishOnly')}</p> : null}
            </blockquote>
          ) : null}
          <label className="vc-check">
            <input
              type="checkbox"
              checked={attested}
              onChange={(e) => setAttested(e.target.checked)}
            />
            {text?.verbalAttestation ? (
              <span lang="en">{text.verbalAttestation}</span>
            ) : (
              <span>{t('verbal.attestFallback')}</span>
            )}
          </label>
          <div>
            <Button type="submit" disabled={!attested || !text || record.isPending}>
              {t('verbal.submit')}
            </Button>
          </div>
          {record.isSuccess ? <Alert tone="success">{t('verbal.recorded')}</Alert> : null}
          {record.isError ? <Alert tone="error">{errorMessage(record.error)}</Alert> : null}
        </form>
      </Panel>
      <Panel title={t('verbal.onFile')}>
        {consents.isError ? (
          <Alert tone="error">{errorMessage(consents.error)}</Alert>
        ) : (
          <ul data-testid="consents-on-file">
            {(consents.data?.current ?? []).map((c) => (
              <li key={c.type}>
                {t('verbal.entry', {
                  type: t(`types.${c.type}`),
                  state: c.granted ? t('verbal.agreed') : t('verbal.notAgreed'),
                })}
                {c.latest
                  ? ` ${t('verbal.entryDetail', {
                      method: t(`methods.${c.latest.method}`),
                      date: formatDate(c.latest.capturedAt, locale, 'shortDateTime'),
                    })}`
                  : ''}
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}
