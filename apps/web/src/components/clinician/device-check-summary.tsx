'use client';

import type { DeviceCheck } from '@virtual-care/domain';
import { useTranslations } from 'next-intl';

/** Camera, microphone and connection as the patient's device check found them: text first, colour as a hint. */
export function DeviceCheckSummary({ check }: { check: DeviceCheck | null }) {
  const t = useTranslations('clinician.deviceCheck');
  if (!check) return <span className="vc-list__meta">{t('none')}</span>;
  const chips = [
    {
      key: 'camera',
      tone: check.camera === 'ok' ? 'ok' : check.camera === 'off' ? 'info' : 'warn',
      text: t(`camera.${check.camera}`),
    },
    {
      key: 'microphone',
      tone: check.microphone === 'ok' ? 'ok' : 'warn',
      text: t(`microphone.${check.microphone}`),
    },
    {
      key: 'connection',
      tone:
        check.connection === 'good'
          ? 'ok'
          : check.connection === 'fair' || check.connection === 'unknown'
            ? 'info'
            : 'warn',
      text: t(`connection.${check.connection}`),
    },
  ];
  return (
    <ul className="vc-chips" aria-label={t('label')}>
      {chips.map((chip) => (
        <li key={chip.key} className={`vc-chip vc-chip--${chip.tone}`}>
          {chip.text}
        </li>
      ))}
    </ul>
  );
}
