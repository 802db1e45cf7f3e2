'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, ButtonLink, Panel } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { useId, useState, type FormEvent } from 'react';
import { useApiErrorMessage } from '../../i18n/api-errors';
import { useTRPC } from '../../trpc/client';
import { toLocalInputValue } from './local-days';
import { useFormat } from './use-format';

const DURATIONS = [15, 20, 30, 45, 60];

interface Created {
  id: string;
  patientJoinUrl: string;
  patientDisplayName: string;
  scheduledStart: string;
}

/** Create a session: patient (with consent state), time, length, recording; then the link to send. */
export function NewSessionForm() {
  const t = useTranslations('clinician.newSession');
  const errorMessage = useApiErrorMessage();
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = {
    search: useId(),
    patient: useId(),
    start: useId(),
    duration: useId(),
    recording: useId(),
    link: useId(),
  };
  const [search, setSearch] = useState('');
  const [patientId, setPatientId] = useState('');
  const [start, setStart] = useState(() => toLocalInputValue(new Date()));
  const [duration, setDuration] = useState(20);
  const [recording, setRecording] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');

  const patients = useQuery(
    trpc.patients.list.queryOptions(search.trim() ? { search: search.trim() } : {}),
  );
  const items = patients.data?.items ?? [];
  const selected = items.find((p) => p.id === patientId) ?? null;

  const create = useMutation(
    trpc.sessions.create.mutationOptions({
      onSuccess: (session) => {
        setCreated({
          id: session.id,
          patientJoinUrl: session.patientJoinUrl,
          patientDisplayName: session.patientDisplayName ?? t('thePatient'),
          scheduledStart: session.scheduledStart,
        });
        setCopied('no');
        void queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!patientId) return;
    const scheduledStart = new Date(start);
    const scheduledEnd = new Date(scheduledStart.getTime() + duration * 60_000);
    setCreated(null);
    create.mutate({
      patientId,
      scheduledStart: scheduledStart.toISOString(),
      scheduledEnd: scheduledEnd.toISOString(),
      recordingEnabled: recording,
    });
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.patientJoinUrl);
      setCopied('yes');
    } catch {
      // No clipboard permission: select the text so Ctrl+C / long-press copies it.
      const input = document.getElementById(ids.link);
      if (input instanceof HTMLInputElement) input.select();
      setCopied('failed');
    }
  };

  return (
    <Panel title={t('title')}>
      <form
        onSubmit={submit}
        className="vc-stack"
        aria-describedby={create.isError ? 'create-error' : undefined}
      >
        <div className="vc-field">
          <label className="vc-field__label" htmlFor={ids.search}>
            {t('findPatient')}
          </label>
          <input
            id={ids.search}
            type="search"
            className="vc-field__input"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            autoComplete="off"
          />
        </div>
        <div className="vc-field">
          <label className="vc-field__label" htmlFor={ids.patient}>
            {t('patient')}
          </label>
          <select
            id={ids.patient}
            className="vc-select"
            value={patientId}
            onChange={(e) => setPatientId(e.target.value)}
            required
            aria-describedby={`${ids.patient}-consent`}
          >
            <option value="">
              {patients.isPending ? t('loadingPatients') : t('choosePatient')}
            </option>
            {items.map((p) => (
              <option key={p.id} value={p.id}>
                {t('patientOption', {
                  name: p.displayName,
                  consent: p.telehealthConsent ? 'yes' : 'no',
                })}
              </option>
            ))}
          </select>
          <span id={`${ids.patient}-consent`} className="vc-field__description">
            {selected
              ? t('selected', {
                  name: selected.displayName,
                  birthDate: selected.birthDate
                    ? format.date(selected.birthDate)
                    : t('birthUnknown'),
                  telehealth: selected.telehealthConsent ? 'yes' : 'no',
                  recording: selected.recordingConsent ? 'yes' : 'no',
                })
              : t('patientHelp')}
          </span>
        </div>
        <div className="vc-field">
          <label className="vc-field__label" htmlFor={ids.start}>
            {t('scheduledTime')}
          </label>
          <input
            id={ids.start}
            type="datetime-local"
            className="vc-field__input"
            value={start}
            onChange={(e) => setStart(e.target.value)}
            required
          />
        </div>
        <div className="vc-field">
          <label className="vc-field__label" htmlFor={ids.duration}>
            {t('length')}
          </label>
          <select
            id={ids.duration}
            className="vc-select"
            value={duration}
            onChange={(e) => setDuration(Number(e.target.value))}
          >
            {DURATIONS.map((minutes) => (
              <option key={minutes} value={minutes}>
                {t('minutes', { minutes: format.number(minutes) })}
              </option>
            ))}
          </select>
        </div>
        <div className="vc-check">
          <input
            id={ids.recording}
            type="checkbox"
            checked={recording}
            onChange={(e) => setRecording(e.target.checked)}
            aria-describedby={`${ids.recording}-help`}
          />
          <div>
            <label htmlFor={ids.recording} className="vc-field__label">
              {t('recording')}
            </label>
            <span
              id={`${ids.recording}-help`}
              className="vc-field__description"
              style={{ display: 'block' }}
            >
              {t('recordingHelp')}
              {selected && recording && !selected.recordingConsent
                ? ` ${t('recordingMissing')}`
                : ''}
            </span>
          </div>
        </div>
        {create.isError ? (
          <Alert tone="error" id="create-error" title={t('notCreated')}>
            {errorMessage(create.error)}
          </Alert>
        ) : null}
        <Button type="submit" disabled={create.isPending || !patientId}>
          {create.isPending ? t('creating') : t('create')}
        </Button>
      </form>
      {created ? (
        <div className="vc-stack" style={{ marginBlockStart: 'var(--vc-space-4)' }}>
          <Alert tone="success" title={t('created')}>
            {t('createdBody', {
              name: created.patientDisplayName,
              when: format.dateTime(created.scheduledStart),
            })}
          </Alert>
          <div className="vc-field">
            <label className="vc-field__label" htmlFor={ids.link}>
              {t('joinLink')}
            </label>
            <div className="vc-copy">
              <input
                id={ids.link}
                className="vc-field__input"
                readOnly
                value={created.patientJoinUrl}
                onFocus={(e) => e.target.select()}
              />
              <Button variant="secondary" onClick={() => void copy()}>
                {t('copy')}
              </Button>
            </div>
            <span role="status" className="vc-field__description">
              {copied === 'yes' ? t('copied') : copied === 'failed' ? t('copyManually') : ''}
            </span>
          </div>
          <ButtonLink href={`/clinician/sessions/${created.id}`} variant="secondary">
            {t('openVisit')}
          </ButtonLink>
        </div>
      ) : null}
    </Panel>
  );
}
