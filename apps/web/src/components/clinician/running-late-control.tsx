'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { useApiErrorMessage } from '../../i18n/api-errors';
import { useTRPC } from '../../trpc/client';

const CHOICES = [5, 10, 15, 20, 30, 45, 60] as const;

/** Tells the patient waiting for this visit that the clinician is running about N minutes late (or on time again). */
export function RunningLateControl({
  sessionId,
  current,
}: {
  sessionId: string;
  current: number | null;
}) {
  const t = useTranslations('clinician.runningLate');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useApiErrorMessage();
  const selectId = useId();
  const [choice, setChoice] = useState<string>(String(current ?? 10));
  const [announced, setAnnounced] = useState(false);
  const report = useMutation(
    trpc.sessions.runningLate.mutationOptions({
      onSuccess: () => {
        setAnnounced(true);
        void queryClient.invalidateQueries(trpc.waitingRoom.list.pathFilter());
        void queryClient.invalidateQueries(trpc.sessions.pathFilter());
      },
    }),
  );
  const minutes = choice === 'none' ? null : Number(choice);
  return (
    <form
      className="vc-inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        setAnnounced(false);
        report.mutate({ id: sessionId, minutes });
      }}
    >
      <label className="vc-visually-hidden" htmlFor={selectId}>
        {t('choose')}
      </label>
      <select
        id={selectId}
        className="vc-select vc-select--small"
        value={choice}
        onChange={(event) => setChoice(event.target.value)}
      >
        {CHOICES.map((value) => (
          <option key={value} value={String(value)}>
            {t('minutes', { minutes: value })}
          </option>
        ))}
        {current !== null ? <option value="none">{t('onTime')}</option> : null}
      </select>
      <Button type="submit" size="small" variant="secondary" disabled={report.isPending}>
        {report.isPending ? t('sending') : t('send')}
      </Button>
      <span role="status" className="vc-list__meta">
        {report.isError ? errorText(report.error) : announced ? t('sent') : ''}
      </span>
    </form>
  );
}
