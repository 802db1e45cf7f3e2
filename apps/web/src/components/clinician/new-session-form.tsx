'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, ButtonLink, Panel } from '@virtual-care/ui';
import { useId, useState, type FormEvent } from 'react';
import { useTRPC } from '../../trpc/client';
import { errorMessage } from './error-messages';
import { formatDateTime, toLocalInputValue } from './format';

const DURATIONS = [15, 20, 30, 45, 60];

interface Created {
  id: string;
  patientJoinUrl: string;
  patientDisplayName: string;
  scheduledStart: string;
}

/** Create a session: patient (with consent state), time, length, recording; then the link to send. */
export function NewSessionForm() {
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
          patientDisplayName: session.patientDisplayName ?? 'the patient',
          scheduledStart: session.scheduledStart,
        });
        setCopied('no');
        void queryClient.invalidateQueries({ queryKey: trpc.sessions.list.pathKey() });
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
    <Panel title="New session">
      <form
        onSubmit={submit}
        className="vc-stack"
        aria-describedby={create.isError ? 'create-error' : undefined}
      >
        <div className="vc-field">
          <label className="vc-field__label" htmlFor={ids.search}>
            Find a patient
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
            Patient
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
              {patients.isPending ? 'Loading patients…' : 'Choose a patient'}
            </option>
            {items.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName} (
                {p.telehealthConsent ? 'video consent on file' : 'no video consent'})
              </option>
            ))}
          </select>
          <span id={`${ids.patient}-consent`} className="vc-field__description">
            {selected
              ? `${selected.displayName}, born ${selected.birthDate ?? 'unknown'}: video-visit consent ${selected.telehealthConsent ? 'on file' : 'NOT on file'}; recording consent ${selected.recordingConsent ? 'on file' : 'not on file'}.`
              : 'The patient must have agreed to video visits (telehealth consent).'}
          </span>
        </div>
        <div className="vc-field">
          <label className="vc-field__label" htmlFor={ids.start}>
            Scheduled time
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
            Length
          </label>
          <select
            id={ids.duration}
            className="vc-select"
            value={duration}
            onChange={(e) => setDuration(Number(e.target.value))}
          >
            {DURATIONS.map((minutes) => (
              <option key={minutes} value={minutes}>
                {minutes} minutes
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
              Record this visit
            </label>
            <span
              id={`${ids.recording}-help`}
              className="vc-field__description"
              style={{ display: 'block' }}
            >
              Recording needs the patient&apos;s separate recording consent, on file before the
              visit. Without it the session is not created. Leave this off unless the patient agreed
              to be recorded.
              {selected && recording && !selected.recordingConsent
                ? ' This patient has no recording consent on file.'
                : ''}
            </span>
          </div>
        </div>
        {create.isError ? (
          <Alert tone="error" id="create-error" title="The session was not created">
            {errorMessage(create.error)}
          </Alert>
        ) : null}
        <Button type="submit" disabled={create.isPending || !patientId}>
          {create.isPending ? 'Creating…' : 'Create session'}
        </Button>
      </form>
      {created ? (
        <div className="vc-stack" style={{ marginBlockStart: 'var(--vc-space-4)' }}>
          <Alert tone="success" title="Session created">
            Video visit with {created.patientDisplayName}, {formatDateTime(created.scheduledStart)}.
            Send the patient this link; it opens their waiting room.
          </Alert>
          <div className="vc-field">
            <label className="vc-field__label" htmlFor={ids.link}>
              Patient join link
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
                Copy link
              </Button>
            </div>
            <span role="status" className="vc-field__description">
              {copied === 'yes'
                ? 'Copied to the clipboard.'
                : copied === 'failed'
                  ? 'Press Ctrl+C (or long-press) to copy the selected link.'
                  : ''}
            </span>
          </div>
          <ButtonLink href={`/clinician/sessions/${created.id}`} variant="secondary">
            Open the visit room
          </ButtonLink>
        </div>
      ) : null}
    </Panel>
  );
}
