'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Panel, TextField } from '@virtual-care/ui';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../../trpc/client';
import { errorMessage } from '../clinician/error-messages';
import { conflictVersion, fieldErrors } from './field-errors';
import { JoinHeaderPreview } from './join-header-preview';
import { TestConnection } from './test-connection';

const BACKENDS = ['jitsi', 'mediasoup', 'zoom', 'webex', 'teams'] as const;
type Backend = (typeof BACKENDS)[number];
const TEXT_FIELDS = [
  'jitsiServerUrl',
  'jitsiJwtAppId',
  'mediasoupWsUrl',
  'brandingLogoUrl',
  'brandingPrimaryColor',
  'roomSlugPrefix',
] as const;
const NUMBER_FIELDS = [
  'maxParticipants',
  'sessionGraceMinutesBefore',
  'sessionGraceMinutesAfter',
  'graceReconnectSeconds',
] as const;
const SECRET_FIELDS = ['jitsiJwtSecret', 'zoomApiKey', 'webexClientId', 'teamsClientId'] as const;

type TextField = (typeof TEXT_FIELDS)[number];
type NumberField = (typeof NUMBER_FIELDS)[number];
type SecretField = (typeof SECRET_FIELDS)[number];

interface Saved {
  version: number;
  defaultVideoBackend: Backend;
  fallbackVideoBackend: Backend | null;
  recordingEnabled: boolean;
  [key: string]: unknown;
}

type Form = Record<TextField | NumberField | SecretField, string> & {
  defaultVideoBackend: Backend;
  fallbackVideoBackend: Backend | '';
  recordingEnabled: boolean;
};

function formOf(config: Saved): Form {
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const form = {
    defaultVideoBackend: config.defaultVideoBackend,
    fallbackVideoBackend: config.fallbackVideoBackend ?? '',
    recordingEnabled: config.recordingEnabled,
  } as Form;
  for (const f of [...TEXT_FIELDS, ...NUMBER_FIELDS]) form[f] = text(config[f]);
  for (const f of SECRET_FIELDS) form[f] = ''; // write-only: empty keeps what is stored
  return form;
}

/** The tenant's virtual-care settings: load, edit, save with the version seen, show per-field errors and conflicts. */
export function SettingsForm({ tenantName }: { tenantName: string }) {
  const trpc = useTRPC();
  const config = useQuery(trpc.config.get.queryOptions());
  // Held here, not in the editor: a successful save moves the version, which remounts the editor (below), and the
  // "Saved" message must survive that.
  const [notice, setNotice] = useState<string | null>(null);
  if (config.isPending) return <p role="status">Loading settings…</p>;
  if (config.isError) return <Alert tone="error">{errorMessage(config.error)}</Alert>;
  // Keyed by version: a reload after a conflict starts the form from what is stored now.
  return (
    <SettingsEditor
      key={config.data.version}
      saved={config.data}
      tenantName={tenantName}
      notice={notice}
      setNotice={setNotice}
    />
  );
}

function SettingsEditor({
  saved,
  tenantName,
  notice,
  setNotice,
}: {
  saved: Saved;
  tenantName: string;
  notice: string | null;
  setNotice: (notice: string | null) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(() => formOf(saved));
  /** Stored credentials the admin asked to remove: sent as null, which clears them. */
  const [removing, setRemoving] = useState<ReadonlySet<SecretField>>(new Set());
  const update = useMutation(
    trpc.config.update.mutationOptions({
      // A save that changed anything moves the version, and the editor starts again from the stored config (the
      // key above); one that changed nothing leaves the form as it was.
      onSuccess: (result) => {
        setNotice(
          result.changedFields.length > 0
            ? `Saved: ${result.changedFields.length} setting(s) changed.`
            : 'Nothing to save: no setting changed.',
        );
        queryClient.setQueryData(trpc.config.get.queryKey(), result.config);
      },
      onMutate: () => setNotice(null),
    }),
  );
  const errors = fieldErrors(update.error);
  const conflict = conflictVersion(update.error);
  const set = <K extends keyof Form>(key: K, value: Form[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const secretIsSet = (f: SecretField) => saved[f] === '****';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = { expectedVersion: saved.version };
    for (const f of TEXT_FIELDS) body[f] = form[f].trim() === '' ? null : form[f].trim();
    for (const f of NUMBER_FIELDS) body[f] = form[f].trim() === '' ? undefined : Number(form[f]);
    for (const f of SECRET_FIELDS) {
      if (removing.has(f)) body[f] = null;
      else if (form[f] !== '') body[f] = form[f];
    }
    body.defaultVideoBackend = form.defaultVideoBackend;
    body.fallbackVideoBackend = form.fallbackVideoBackend === '' ? null : form.fallbackVideoBackend;
    body.recordingEnabled = form.recordingEnabled;
    update.mutate(body as Parameters<typeof update.mutate>[0]);
  };

  const text = (f: TextField | NumberField, label: string, description?: string, type = 'text') => (
    <TextField
      label={label}
      name={f}
      type={type}
      value={form[f]}
      onChange={(e) => set(f, e.target.value)}
      error={errors[f]}
      description={description}
    />
  );
  const toggleRemoval = (f: SecretField, remove: boolean) =>
    setRemoving((current) => {
      const next = new Set(current);
      if (remove) next.add(f);
      else next.delete(f);
      return next;
    });
  const secret = (f: SecretField, label: string) => (
    <div className="vc-stack">
      <TextField
        label={label}
        name={f}
        type="password"
        autoComplete="new-password"
        value={removing.has(f) ? '' : form[f]}
        disabled={removing.has(f)}
        onChange={(e) => set(f, e.target.value)}
        error={errors[f]}
        description={
          removing.has(f)
            ? 'Will be removed when you save.'
            : secretIsSet(f)
              ? 'Stored (hidden). Type a new value to replace it; leave empty to keep it.'
              : 'Not set.'
        }
      />
      {secretIsSet(f) ? (
        <label className="vc-field__description">
          <input
            type="checkbox"
            checked={removing.has(f)}
            onChange={(e) => toggleRemoval(f, e.target.checked)}
          />{' '}
          Remove the stored {label}
        </label>
      ) : null}
    </div>
  );

  return (
    <form onSubmit={submit} className="vc-stack" noValidate aria-label="Virtual care settings">
      {conflict !== null ? (
        <Alert tone="warning" title="Someone else saved these settings first">
          Your changes were not saved, so nothing of theirs was overwritten (the settings are now at
          version {conflict}).{' '}
          <Button
            variant="secondary"
            size="small"
            onClick={() =>
              void queryClient.invalidateQueries({ queryKey: trpc.config.get.queryKey() })
            }
          >
            Load their version
          </Button>
        </Alert>
      ) : update.isError ? (
        <Alert tone="error">{errorMessage(update.error)}</Alert>
      ) : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      <div className="vc-grid">
        <Panel title="Video service">
          <div className="vc-stack">
            <div className="vc-field">
              <label className="vc-field__label" htmlFor="defaultVideoBackend">
                Video backend
              </label>
              <select
                id="defaultVideoBackend"
                className="vc-field__input"
                value={form.defaultVideoBackend}
                onChange={(e) => set('defaultVideoBackend', e.target.value as Backend)}
              >
                {BACKENDS.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            </div>
            <div className="vc-field">
              <label className="vc-field__label" htmlFor="fallbackVideoBackend">
                Fallback backend
              </label>
              <select
                id="fallbackVideoBackend"
                className="vc-field__input"
                value={form.fallbackVideoBackend}
                onChange={(e) => set('fallbackVideoBackend', e.target.value as Backend | '')}
                aria-invalid={errors.fallbackVideoBackend ? true : undefined}
              >
                <option value="">None</option>
                {BACKENDS.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
              {errors.fallbackVideoBackend ? (
                <span className="vc-field__error">{errors.fallbackVideoBackend}</span>
              ) : null}
            </div>
            {text(
              'jitsiServerUrl',
              'Jitsi server URL',
              'https:// address of your Jitsi Meet deployment.',
              'url',
            )}
            {text('jitsiJwtAppId', 'Jitsi app id (JWT issuer)')}
            {secret('jitsiJwtSecret', 'Jitsi app secret')}
            {text('roomSlugPrefix', 'Room name prefix', 'Lower-case letters, digits and hyphens.')}
            <TestConnection jitsiServerUrl={form.jitsiServerUrl.trim()} />
            <details>
              <summary>Other video services</summary>
              <div className="vc-stack">
                {text('mediasoupWsUrl', 'mediasoup URL (wss://)')}
                {secret('zoomApiKey', 'Zoom API key')}
                {secret('webexClientId', 'Webex client id')}
                {secret('teamsClientId', 'Teams client id')}
              </div>
            </details>
          </div>
        </Panel>
        <Panel title="Branding">
          <div className="vc-stack">
            {text(
              'brandingLogoUrl',
              'Logo URL',
              'https:// address of your logo (approved image hosts only).',
              'url',
            )}
            {text('brandingPrimaryColor', 'Brand colour', 'A CSS hex colour such as #0f766e.')}
            <JoinHeaderPreview
              tenantName={tenantName}
              logoUrl={form.brandingLogoUrl}
              primaryColor={form.brandingPrimaryColor}
            />
          </div>
        </Panel>
        <Panel title="Recording and participants">
          <div className="vc-stack">
            <div className="vc-field">
              <label className="vc-field__label">
                <input
                  type="checkbox"
                  checked={form.recordingEnabled}
                  onChange={(e) => set('recordingEnabled', e.target.checked)}
                />{' '}
                Allow recording of visits
              </label>
              <span className="vc-field__description">
                Each recording still needs the patient’s separate recording consent.
              </span>
            </div>
            {text(
              'maxParticipants',
              'Participant limit',
              'Between 2 and 20 people per visit.',
              'number',
            )}
            {text(
              'sessionGraceMinutesBefore',
              'Join window before the start (minutes)',
              undefined,
              'number',
            )}
            {text(
              'sessionGraceMinutesAfter',
              'Join window after the end (minutes)',
              undefined,
              'number',
            )}
            {text(
              'graceReconnectSeconds',
              'Reconnect grace (seconds)',
              'How long a dropped participant may rejoin.',
              'number',
            )}
          </div>
        </Panel>
      </div>
      <div>
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save settings'}
        </Button>
      </div>
    </form>
  );
}
