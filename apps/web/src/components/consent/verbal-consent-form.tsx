'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Panel } from '@virtual-care/ui';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../../trpc/client';
import { errorMessage } from '../clinician/error-messages';
import { formatDateTime } from '../clinician/format';

type ConsentType = 'telehealth' | 'recording' | 'ai_processing';

/** A clinician reads a consent text to the patient and records their verbal agreement with an attestation. */
export function VerbalConsentForm({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
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
  const text = texts.data?.items.find((t) => t.type === type);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text || !attested) return;
    record.mutate({ patientId, type, textVersion: text.version, attested: true });
  };

  return (
    <div className="vc-stack">
      <Panel title="Record verbal consent">
        <form onSubmit={submit} className="vc-stack">
          <div className="vc-field">
            <label className="vc-field__label" htmlFor="consent-type">
              Consent
            </label>
            <select
              id="consent-type"
              className="vc-field__input"
              value={type}
              onChange={(e) => setType(e.target.value as ConsentType)}
            >
              {(texts.data?.items ?? []).map((t) => (
                <option key={t.type} value={t.type}>
                  {t.title}
                </option>
              ))}
            </select>
          </div>
          {text ? (
            <blockquote className="vc-card">
              <p>{text.body}</p>
              <p className="vc-field__description">
                Text version {text.version}. Read it to the patient.
              </p>
            </blockquote>
          ) : null}
          <label>
            <input
              type="checkbox"
              checked={attested}
              onChange={(e) => setAttested(e.target.checked)}
            />{' '}
            {text?.verbalAttestation ?? 'I attest'}
          </label>
          <div>
            <Button type="submit" disabled={!attested || !text || record.isPending}>
              Record verbal consent
            </Button>
          </div>
          {record.isSuccess ? <Alert tone="success">Verbal consent recorded.</Alert> : null}
          {record.isError ? <Alert tone="error">{errorMessage(record.error)}</Alert> : null}
        </form>
      </Panel>
      <Panel title="Consent on file">
        {consents.isError ? (
          <Alert tone="error">{errorMessage(consents.error)}</Alert>
        ) : (
          <ul data-testid="consents-on-file">
            {(consents.data?.current ?? []).map((c) => (
              <li key={c.type}>
                {c.type}: {c.granted ? 'agreed' : 'not agreed'}
                {c.latest
                  ? ` (${c.latest.method.replace('_', ' ')}, ${formatDateTime(c.latest.capturedAt)})`
                  : ''}
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}
