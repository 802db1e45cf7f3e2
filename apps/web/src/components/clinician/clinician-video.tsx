'use client';

import { Alert } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { loadJitsi, type JitsiApi, type JitsiMeeting } from '../jitsi-loader';

/** The clinician's side of the call: the tenant's Jitsi (or the local stand-in) in its iframe. */
export function ClinicianVideo({ meeting }: { meeting: JitsiMeeting }) {
  const t = useTranslations('clinician.visit');
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const parent = ref.current;
    if (!parent) return;
    let api: JitsiApi | null = null;
    let disposed = false;
    loadJitsi(meeting, parent)
      .then((opened) => {
        if (disposed) opened.dispose();
        else api = opened;
      })
      .catch(() => {
        if (!disposed) setFailed(true);
      });
    return () => {
      disposed = true;
      api?.dispose();
    };
  }, [meeting]);
  return (
    <>
      {failed ? <Alert tone="error">{t('videoFailed')}</Alert> : null}
      <div ref={ref} className="vc-video" role="region" aria-label={t('videoRegion')} />
    </>
  );
}
