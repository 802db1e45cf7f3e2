'use client';

import { VIDEO_BACKENDS, type VideoBackend } from '@virtual-care/domain/vocabulary';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Panel, TextField } from '@virtual-care/ui';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { formatNumber } from '../../i18n';
import { useApiErrorMessage } from '../../i18n/api-errors';
import { useTRPC } from '../../trpc/client';
import { conflictVersion, fieldErrorMessage, fieldErrors } from './field-errors';
import { JoinHeaderPreview } from './join-header-preview';
import { TestConnection } from './test-connection';

type Backend = VideoBackend;
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
  'aiTranscriptRetentionHours',
] as const;
const SECRET_FIELDS = ['jitsiJwtSecret', 'zoomApiKey', 'webexClientId', 'teamsClientId'] as const;
const SWITCHES = ['recordingEnabled', 'aiConsentRequired'] as const;

type TextField = (typeof TEXT_FIELDS)[number];
type NumberField = (typeof NUMBER_FIELDS)[number];
type SecretField = (typeof SECRET_FIELDS)[number];
type Switch = (typeof SWITCHES)[number];

interface Saved {
  version: number;
  defaultVideoBackend: Backend;
  fallbackVideoBackend: Backend | null;
  recordingEnabled: boolean;
  aiConsentRequired: boolean;
  [key: string]: unknown;
}

type Form = Record<TextField | NumberField | SecretField, string> &
  Record<Switch, boolean> & {
    defaultVideoBackend: Backend;
    fallbackVideoBackend: Backend | '';
  };

function formOf(config: Saved): Form {
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const form = {
    defaultVideoBackend: config.defaultVideoBackend,
    fallbackVideoBackend: config.fallbackVideoBackend ?? '',
    recordingEnabled: config.recordingEnabled,
    aiConsentRequired: config.aiConsentRequired,
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
  const t = useTranslations('admin');
  const errorMessage = useApiErrorMessage();
  if (config.isPending) return <p role="status">{t('loading')}</p>;
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
  const t = useTranslations('admin');
  const locale = useLocale();
  const errorMessage = useApiErrorMessage();
  const [form, setForm] = useState<Form>(() => formOf(saved));
  /** Stored credentials the admin asked to remove: sent as null, which clears them. */
  const [removing, setRemoving] = useState<ReadonlySet<SecretField>>(new Set());
  const update = useMutation(
    trpc.config.update.mutationOptions({
      // A save that changed anything moves the version, and the editor starts again from the stored config (the
      // key above); one that changed nothing leaves the form as it was.
      onSuccess: (result) => {
        const count = result.changedFields.length;
        setNotice(
          count > 0
            ? t('saved', { count, countText: formatNumber(count, locale) })
            : t('nothingChanged'),
        );
        queryClient.setQueryData(trpc.config.get.queryKey(), result.config);
      },
      onMutate: () => setNotice(null),
    }),
  );
  // The server names each bad field and its rule; the admin reads plain words, next to the field and in a
  // summary at the top that links to it.
  const errors: Record<string, string> = {};
  for (const [field, reason] of Object.entries(fieldErrors(update.error))) {
    const { key, values } = fieldErrorMessage(field, reason);
    errors[field] = t(`fieldErrors.${key}`, values);
  }
  const errorFields = Object.keys(errors);
  const conflict = conflictVersion(update.error);
  const summaryRef = useRef<HTMLHeadingElement>(null);
  // After a refused save, the summary takes the focus: it says what to fix and links to each field.
  useEffect(() => {
    if (update.error && summaryRef.current) summaryRef.current.focus();
  }, [update.error]);
  const fieldLabel = (field: string): string => (isLabelled(field) ? t(`fields.${field}`) : field);
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
    for (const f of SWITCHES) body[f] = form[f];
    update.mutate(body as Parameters<typeof update.mutate>[0]);
  };

  const checkbox = (f: Switch) => (
    <div className="vc-field">
      <label className="vc-field__label">
        <input
          id={fieldId(f)}
          type="checkbox"
          checked={form[f]}
          onChange={(e) => set(f, e.target.checked)}
          aria-describedby={`${fieldId(f)}-description`}
        />{' '}
        {t(`fields.${f}`)}
      </label>
      <span className="vc-field__description" id={`${fieldId(f)}-description`}>
        {t(`descriptions.${f}`)}
      </span>
    </div>
  );

  const text = (
    f: TextField | NumberField,
    description?: ReactNode,
    type: 'text' | 'url' | 'number' = 'text',
  ) => (
    <TextField
      id={fieldId(f)}
      label={t(`fields.${f}`)}
      name={f}
      type={type}
      // Addresses, colours and numbers read left to right in a Dari or Pashto page too.
      dir="ltr"
      inputMode={type === 'number' ? 'numeric' : undefined}
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
  const secret = (f: SecretField) => (
    <div className="vc-stack">
      <TextField
        id={fieldId(f)}
        label={t(`fields.${f}`)}
        name={f}
        type="password"
        autoComplete="new-password"
        dir="ltr"
        value={removing.has(f) ? '' : form[f]}
        disabled={removing.has(f)}
        onChange={(e) => set(f, e.target.value)}
        error={errors[f]}
        description={
          removing.has(f)
            ? t('secret.willRemove')
            : secretIsSet(f)
              ? t('secret.stored')
              : t('secret.notSet')
        }
      />
      {secretIsSet(f) ? (
        <label className="vc-field__description">
          <input
            type="checkbox"
            checked={removing.has(f)}
            onChange={(e) => toggleRemoval(f, e.target.checked)}
          />{' '}
          {t('secret.remove', { name: t(`fields.${f}`) })}
        </label>
      ) : null}
    </div>
  );
  const backendOptions = VIDEO_BACKENDS.map((b) => (
    <option key={b} value={b}>
      {t(`backends.${b}`)}
    </option>
  ));
  const otherServicesHaveErrors = OTHER_SERVICES.some((f) => f in errors);

  return (
    <form onSubmit={submit} className="vc-stack" noValidate aria-label={t('formLabel')}>
      {conflict !== null ? (
        <Alert tone="warning" title={t('conflictTitle')}>
          {t('conflictBody', { version: formatNumber(conflict, locale) })}{' '}
          <Button
            variant="secondary"
            size="small"
            onClick={() =>
              void queryClient.invalidateQueries({ queryKey: trpc.config.get.queryKey() })
            }
          >
            {t('loadTheirs')}
          </Button>
        </Alert>
      ) : errorFields.length > 0 ? (
        <div role="alert" className="vc-alert vc-alert--error" data-testid="settings-error-summary">
          <h2 className="vc-alert__title" tabIndex={-1} ref={summaryRef}>
            {t('errorSummaryTitle')}
          </h2>
          <ul className="vc-error-summary">
            {errorFields.map((field) => (
              <li key={field}>
                <a href={`#${fieldId(field)}`}>
                  {fieldLabel(field)}: {errors[field]}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : update.isError ? (
        <Alert tone="error">{errorMessage(update.error)}</Alert>
      ) : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      <div className="vc-grid">
        <Panel title={t('panels.video')}>
          <div className="vc-stack">
            <div className="vc-field">
              <label className="vc-field__label" htmlFor={fieldId('defaultVideoBackend')}>
                {t('fields.defaultVideoBackend')}
              </label>
              <select
                id={fieldId('defaultVideoBackend')}
                className="vc-field__input"
                value={form.defaultVideoBackend}
                onChange={(e) => set('defaultVideoBackend', e.target.value as Backend)}
              >
                {backendOptions}
              </select>
            </div>
            <div className="vc-field">
              <label className="vc-field__label" htmlFor={fieldId('fallbackVideoBackend')}>
                {t('fields.fallbackVideoBackend')}
              </label>
              <select
                id={fieldId('fallbackVideoBackend')}
                className="vc-field__input"
                value={form.fallbackVideoBackend}
                onChange={(e) => set('fallbackVideoBackend', e.target.value as Backend | '')}
                aria-invalid={errors.fallbackVideoBackend ? true : undefined}
                aria-describedby={
                  errors.fallbackVideoBackend
                    ? `${fieldId('fallbackVideoBackend')}-error`
                    : undefined
                }
              >
                <option value="">{t('backends.none')}</option>
                {backendOptions}
              </select>
              {errors.fallbackVideoBackend ? (
                <span className="vc-field__error" id={`${fieldId('fallbackVideoBackend')}-error`}>
                  {errors.fallbackVideoBackend}
                </span>
              ) : null}
            </div>
            {text('jitsiServerUrl', t('descriptions.jitsiServerUrl'), 'url')}
            {text('jitsiJwtAppId')}
            {secret('jitsiJwtSecret')}
            {text('roomSlugPrefix', t('descriptions.roomSlugPrefix'))}
            <TestConnection jitsiServerUrl={form.jitsiServerUrl.trim()} />
            <details open={otherServicesHaveErrors ? true : undefined}>
              <summary>{t('panels.otherServices')}</summary>
              <div className="vc-stack">
                {text('mediasoupWsUrl')}
                {secret('zoomApiKey')}
                {secret('webexClientId')}
                {secret('teamsClientId')}
              </div>
            </details>
          </div>
        </Panel>
        <Panel title={t('panels.branding')}>
          <div className="vc-stack">
            {text('brandingLogoUrl', t('descriptions.brandingLogoUrl'), 'url')}
            {text('brandingPrimaryColor', t('descriptions.brandingPrimaryColor'))}
            <JoinHeaderPreview
              tenantName={tenantName}
              logoUrl={form.brandingLogoUrl}
              primaryColor={form.brandingPrimaryColor}
            />
          </div>
        </Panel>
        <Panel title={t('panels.recording')}>
          <div className="vc-stack">
            {checkbox('recordingEnabled')}
            {text('maxParticipants', t('descriptions.maxParticipants'), 'number')}
            {text('sessionGraceMinutesBefore', undefined, 'number')}
            {text('sessionGraceMinutesAfter', undefined, 'number')}
            {text('graceReconnectSeconds', t('descriptions.graceReconnectSeconds'), 'number')}
          </div>
        </Panel>
        <Panel title={t('panels.aiScribe')}>
          <div className="vc-stack">
            {checkbox('aiConsentRequired')}
            {text(
              'aiTranscriptRetentionHours',
              t('descriptions.aiTranscriptRetentionHours'),
              'number',
            )}
          </div>
        </Panel>
      </div>
      <div>
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? t('saving') : t('save')}
        </Button>
      </div>
    </form>
  );
}

/** The element id of a setting's input: the error summary links to it. */
function fieldId(field: string): string {
  return `setting-${field}`;
}

const OTHER_SERVICES = ['mediasoupWsUrl', 'zoomApiKey', 'webexClientId', 'teamsClientId'] as const;

/** Fields with a label of their own (the summary names the field before its message). */
const LABELLED_FIELDS = [
  'defaultVideoBackend',
  'fallbackVideoBackend',
  ...SWITCHES,
  ...TEXT_FIELDS,
  ...NUMBER_FIELDS,
  ...SECRET_FIELDS,
] as const;
type LabelledField = (typeof LABELLED_FIELDS)[number];
function isLabelled(field: string): field is LabelledField {
  return (LABELLED_FIELDS as readonly string[]).includes(field);
}
