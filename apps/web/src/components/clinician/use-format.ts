'use client';

import { useLocale, useTranslations } from 'next-intl';
import { formatDate, formatNumber, isLocale, DEFAULT_LOCALE, type DateInput } from '../../i18n';

/** Dates, times and durations in the clinician's language (Solar Hijri in Dari and Pashto), in their browser's time zone. */
export function useFormat() {
  const raw = useLocale();
  const locale = isLocale(raw) ? raw : DEFAULT_LOCALE;
  const t = useTranslations('clinician.duration');
  const orDash = (value: DateInput | null | undefined, render: (v: DateInput) => string) =>
    value === null || value === undefined ? '—' : render(value);
  const duration = (totalSeconds: number | null | undefined): string => {
    if (totalSeconds === null || totalSeconds === undefined) return '—';
    const seconds = Math.max(0, Math.round(totalSeconds));
    const n = (value: number) => formatNumber(value, locale);
    if (seconds >= 3600)
      return t('hours', {
        h: n(Math.floor(seconds / 3600)),
        m: n(Math.floor((seconds % 3600) / 60)),
      });
    if (seconds >= 60) return t('minutes', { m: n(Math.floor(seconds / 60)) });
    return t('seconds', { s: n(seconds) });
  };
  return {
    locale,
    time: (value: DateInput | null | undefined) =>
      orDash(value, (v) => formatDate(v, locale, 'time')),
    dateTime: (value: DateInput | null | undefined) =>
      orDash(value, (v) => formatDate(v, locale, 'shortDateTime')),
    date: (value: DateInput | null | undefined) =>
      orDash(value, (v) => formatDate(v, locale, 'date')),
    number: (value: number) => formatNumber(value, locale),
    duration,
    /** How long since `since`, e.g. "4 min". */
    since: (since: DateInput | null | undefined, now: number) =>
      since === null || since === undefined
        ? '—'
        : duration((now - new Date(since).getTime()) / 1000),
  };
}
