'use client';

import { Alert } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { apiErrorCode } from '../../i18n/api-errors';
import { useTRPCClient } from '../../trpc/client';
import { applyCallProfile, listenToCall } from '../fallback/call-profile';
import type { CallProfile, ConnectionMonitor } from '../fallback/connection-monitor';
import { FallbackBanner } from '../fallback/fallback-banner';
import {
  useConnectionFallback,
  type ConnectionFallback,
} from '../fallback/use-connection-fallback';
import { loadJitsi, type JitsiApi, type JitsiMeeting } from '../jitsi-loader';
import { useRemovedOutOfCall } from './removed-out-of-call';

/** The clinician's heartbeat: presence in the visit, and the connection monitor's round trips. */
const HEARTBEAT_MS = 2_000;
const HEARTBEAT_TIMEOUT_MS = 4_000;

/**
 * The clinician's side of the call: the tenant's Jitsi (or the local stand-in) in its iframe, moved to audio only
 * when this connection is weak (offered, then by itself) or when the session says so (the patient's page moved
 * it), with a one-tap way back.
 */
export function ClinicianVideo({
  meeting,
  sessionId,
  bandwidthProfile,
  removedNames,
}: {
  meeting: JitsiMeeting;
  sessionId: string;
  /** The session's profile as the visit room last read it. */
  bandwidthProfile: string;
  /** The names of participants removed from the visit: this page kicks them out of the call. */
  removedNames: readonly string[];
}) {
  const t = useTranslations('clinician.visit');
  const text = useTranslations('clinician.connection');
  const client = useTRPCClient();
  const report = useCallback(
    async (profile: CallProfile) => {
      try {
        await client.fallback.bandwidthProfile.mutate({ id: sessionId, profile });
        return true;
      } catch (error) {
        // The server answered (a closed visit, messaging took over): the next read sets the page right.
        return apiErrorCode(error) !== null;
      }
    },
    [client, sessionId],
  );
  const ref = useRef<HTMLDivElement>(null);
  const apiRef = useRef<JitsiApi | null>(null);
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  const fallback = useConnectionFallback(open, report);
  const latest = useRef<ConnectionFallback>(fallback);
  useEffect(() => {
    latest.current = fallback;
  }, [fallback]);
  const { monitor, profile } = fallback;
  useProviderHeartbeat(sessionId, monitor);
  const kickRemoved = useRemovedOutOfCall(removedNames);

  useEffect(() => {
    if (bandwidthProfile === 'video' || bandwidthProfile === 'audio_only')
      monitor.follow(bandwidthProfile);
  }, [bandwidthProfile, monitor]);

  useEffect(() => {
    const parent = ref.current;
    if (!parent) return;
    let disposed = false;
    loadJitsi(meeting, parent)
      .then((opened) => {
        if (disposed) {
          opened.dispose();
          return;
        }
        apiRef.current = opened;
        kickRemoved(opened);
        listenToCall(opened, {
          loss: () => latest.current.monitor.loss(),
          // Jitsi's own menu (or the camera turned on) changed audio-only mode: the clinician's choice.
          audioOnly: (enabled) => {
            const { profile: now, choose } = latest.current;
            if (enabled !== (now === 'audio_only')) choose(enabled ? 'audio_only' : 'video');
          },
        });
        setOpen(true);
      })
      .catch(() => {
        if (!disposed) setFailed(true);
      });
    return () => {
      disposed = true;
      apiRef.current?.dispose();
      apiRef.current = null;
      kickRemoved(null);
      setOpen(false);
    };
  }, [meeting, kickRemoved]);

  const applied = useRef<CallProfile>('video');
  useEffect(() => {
    const api = apiRef.current;
    if (!open || !api || applied.current === profile) return;
    applied.current = profile;
    applyCallProfile(api, profile);
  }, [open, profile]);

  return (
    <>
      {failed ? <Alert tone="error">{t('videoFailed')}</Alert> : null}
      <FallbackBanner fallback={fallback} text={(key) => text(key)} />
      <div ref={ref} className="vc-video" role="region" aria-label={t('videoRegion')} />
    </>
  );
}

/**
 * The clinician's presence in the visit (without it the sweep would take them for gone and fail a long visit),
 * every 2 s while the call is shown; its round trip feeds the connection monitor: an answer, even a refusal, is
 * a round trip; no answer within 4 s is a loss.
 */
function useProviderHeartbeat(sessionId: string, monitor: ConnectionMonitor): void {
  const client = useTRPCClient();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let request: AbortController | null = null;
    const beat = async () => {
      request = new AbortController();
      const current = request;
      const timeout = setTimeout(() => current.abort(), HEARTBEAT_TIMEOUT_MS);
      const started = performance.now();
      try {
        await client.sessions.heartbeat.mutate({ id: sessionId }, { signal: current.signal });
        monitor.roundTrip(performance.now() - started);
      } catch (error) {
        if (apiErrorCode(error) !== null) monitor.roundTrip(performance.now() - started);
        else if (request === current) monitor.loss();
      } finally {
        clearTimeout(timeout);
      }
      if (request === current) timer = setTimeout(() => void beat(), HEARTBEAT_MS);
    };
    void beat();
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      const stopping = request;
      request = null;
      stopping?.abort();
    };
  }, [client, monitor, sessionId]);
}
