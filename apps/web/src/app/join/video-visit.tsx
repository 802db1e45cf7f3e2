'use client';

import { useEffect, useRef, useState, type RefObject } from 'react';
import { applyCallProfile, listenToCall } from '../../components/fallback/call-profile';
import { FallbackBanner, type FallbackText } from '../../components/fallback/fallback-banner';
import type { CallProfile, CallSamples } from '../../components/fallback/connection-monitor';
import { useConnectionFallback } from '../../components/fallback/use-connection-fallback';
import {
  kickedOf,
  loadJitsi,
  mutedOf,
  participantIdOf,
  type JitsiApi,
  type JitsiMeeting,
} from '../../components/jitsi-loader';
import type { JoinMessageKey, Translate } from '../../i18n/compiled';

/**
 * The patient's call: the video first and large, our own big controls (microphone, camera, leave) under it,
 * driving Jitsi through its IFrame API. A chunk of its own, loaded after the device check (the join page's first
 * load carries only the check and the waiting room): a patient on a slow link sees the page sooner, and the
 * waiting room fetches this while they wait.
 */

type T = Translate<JoinMessageKey>;

/** If the video never says it closed after "Leave", the page stops waiting for it. */
const LEAVE_TIMEOUT_MS = 4_000;

export function VideoVisit({
  t,
  meeting,
  startVideoMuted,
  online,
  samplesRef,
  headingRef,
  onCameraChange,
  onLeft,
}: {
  t: T;
  meeting: JitsiMeeting;
  startVideoMuted: boolean;
  online: boolean;
  /** Where the page's heartbeats reach this call's connection monitor (US-008). */
  samplesRef: RefObject<CallSamples | null>;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onCameraChange: (off: boolean) => void;
  onLeft: () => void;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const apiRef = useRef<JitsiApi | null>(null);
  const [state, setState] = useState<'loading' | 'open' | 'failed'>('loading');
  const [micMuted, setMicMuted] = useState(false);
  const [cameraMuted, setCameraMuted] = useState(startVideoMuted);
  const [others, setOthers] = useState<ReadonlySet<string>>(() => new Set());
  const [leaving, setLeaving] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const initialVideoMuted = useRef(startVideoMuted);
  // The connection monitor (US-008): audio only offered, taken, and the way back; fed by the page's heartbeats.
  const fallback = useConnectionFallback(true, reportProfile);
  const { monitor } = fallback;
  useEffect(() => {
    samplesRef.current = monitor;
    return () => {
      samplesRef.current = null;
    };
  }, [samplesRef, monitor]);
  const callbacks = useRef({ onLeft, onCameraChange, t, fallback });
  useEffect(() => {
    callbacks.current = { onLeft, onCameraChange, t, fallback };
  }, [onLeft, onCameraChange, t, fallback]);

  // This step's heading takes the focus when the call opens: the page's own focus move ran while this chunk loaded.
  useEffect(() => {
    headingRef.current?.focus();
  }, [headingRef]);

  useEffect(() => {
    const parent = containerRef.current;
    if (!parent) return;
    let disposed = false;
    let closed = false;
    const close = () => {
      if (closed || disposed) return;
      closed = true;
      callbacks.current.onLeft();
    };
    loadJitsi(meeting, parent, {
      startWithVideoMuted: initialVideoMuted.current,
      // Our own large controls replace Jitsi's toolbar on the patient's small screen.
      toolbarButtons: [],
    })
      .then((api) => {
        if (disposed) {
          api.dispose();
          return;
        }
        apiRef.current = api;
        api.addListener('audioMuteStatusChanged', (data) => {
          const muted = mutedOf(data);
          setMicMuted(muted);
          setAnnouncement(callbacks.current.t(muted ? 'call.micOff' : 'call.micOn'));
        });
        api.addListener('videoMuteStatusChanged', (data) => {
          const muted = mutedOf(data);
          setCameraMuted(muted);
          callbacks.current.onCameraChange(muted);
          setAnnouncement(callbacks.current.t(muted ? 'call.cameraOff' : 'call.cameraOn'));
        });
        // Who else is in the call (the clinician, an interpreter): until someone is, the patient is told
        // they are waiting for the clinician.
        const present = new Set<string>();
        api.addListener('participantJoined', (data) => {
          const id = participantIdOf(data);
          if (!id) return;
          if (present.size === 0) setAnnouncement(callbacks.current.t('call.clinicianJoined'));
          present.add(id);
          setOthers(new Set(present));
        });
        api.addListener('participantLeft', (data) => {
          const id = participantIdOf(data);
          if (!id || !present.delete(id)) return;
          setOthers(new Set(present));
        });
        api.addListener('readyToClose', close);
        // The clinician removed them (decision 0040): out of the call; the status poll then says why.
        api.addListener('participantKickedOut', (data) => {
          if (kickedOf(data)?.local) close();
        });
        listenToCall(api, {
          loss: () => callbacks.current.fallback.monitor.loss(),
          // Our own command echoes back; a change from inside the call (the camera turned on) is the patient's.
          audioOnly: (enabled) => {
            const { profile, choose } = callbacks.current.fallback;
            if (enabled !== (profile === 'audio_only')) choose(enabled ? 'audio_only' : 'video');
          },
        });
        setState('open');
      })
      .catch(() => {
        if (!disposed) setState('failed');
      });
    return () => {
      disposed = true;
      apiRef.current?.dispose();
      apiRef.current = null;
    };
  }, [meeting]);

  // The call follows the profile: Jitsi's audio-only mode on (camera off, no incoming video) or off again.
  const profile = fallback.profile;
  const applied = useRef<typeof profile>('video');
  useEffect(() => {
    const api = apiRef.current;
    if (state !== 'open' || !api || applied.current === profile) return;
    applied.current = profile;
    applyCallProfile(api, profile);
  }, [state, profile]);

  // "Leave": Jitsi hangs up and says readyToClose; if it never does, stop waiting for it.
  useEffect(() => {
    if (!leaving) return;
    const timer = setTimeout(() => callbacks.current.onLeft(), LEAVE_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [leaving]);

  const ready = state === 'open' && !leaving;
  const command = (name: 'toggleAudio' | 'toggleVideo' | 'hangup') =>
    apiRef.current?.executeCommand(name);

  return (
    <section aria-labelledby="join-step" className="vc-join__video-section">
      <h2 id="join-step" ref={headingRef} tabIndex={-1} className="vc-visually-hidden">
        {t('call.heading')}
      </h2>
      <div className="vc-join__stage">
        <div ref={containerRef} className="vc-video" role="region" aria-label={t('call.region')} />
        {state === 'loading' ? (
          <p className="vc-join__overlay" aria-hidden="true">
            {t('call.opening')}
          </p>
        ) : state === 'open' && others.size === 0 ? (
          <p className="vc-join__overlay" aria-hidden="true">
            {t('call.waitingForClinician')}
          </p>
        ) : null}
      </div>
      <FallbackBanner fallback={fallback} text={fallbackText(t)} />
      <div className="vc-call-controls" role="group" aria-label={t('call.controls')}>
        <button
          type="button"
          className="vc-call-button"
          data-off={micMuted ? 'true' : undefined}
          disabled={!ready}
          onClick={() => command('toggleAudio')}
        >
          <CallIcon name={micMuted ? 'micOff' : 'mic'} />
          <span>{micMuted ? t('call.unmute') : t('call.mute')}</span>
        </button>
        <button
          type="button"
          className="vc-call-button"
          data-off={cameraMuted ? 'true' : undefined}
          disabled={!ready}
          onClick={() => command('toggleVideo')}
        >
          <CallIcon name={cameraMuted ? 'cameraOff' : 'camera'} />
          <span>{cameraMuted ? t('call.startCamera') : t('call.stopCamera')}</span>
        </button>
        <button
          type="button"
          className="vc-call-button vc-call-button--leave"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            if (apiRef.current) command('hangup');
            else onLeft();
          }}
        >
          <CallIcon name="leave" />
          <span>{t('call.leave')}</span>
        </button>
      </div>
      {/* One polite voice for what changed (opening, waiting, the clinician arriving, microphone, camera); the
          overlay on the video shows the same to the eye. */}
      <div role="status" aria-live="polite" className="vc-visually-hidden">
        {state === 'loading'
          ? t('call.opening')
          : state === 'open' && others.size === 0
            ? t('call.waitingForClinician')
            : announcement}
      </div>
      {state === 'failed' ? (
        <div role="alert" className="vc-alert vc-alert--error">
          {t('call.failed')}
        </div>
      ) : null}
      {!online ? (
        <div role="alert" className="vc-alert vc-alert--warning">
          {t('reconnecting')}
        </div>
      ) : null}
    </section>
  );
}

function fallbackText(t: T): FallbackText {
  return (key) => t(`connection.${key}`);
}

const ICON_PATHS = {
  mic: 'M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.93V21h2v-3.07A7 7 0 0 0 19 11h-2Z',
  camera:
    'M15 8v8H5V8h10Zm1-2H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-3.5l4 4v-11l-4 4V7a1 1 0 0 0-1-1Z',
  leave:
    'M12 9c-1.6 0-3.15.25-4.6.72v3.1c0 .39-.23.74-.56.9-.98.49-1.87 1.12-2.66 1.85a1 1 0 0 1-1.41-.01L.29 13.08a1 1 0 0 1 0-1.41C3.34 8.78 7.46 7 12 7s8.66 1.78 11.71 4.67a1 1 0 0 1 0 1.41l-2.48 2.48a1 1 0 0 1-1.41.01 11.3 11.3 0 0 0-2.67-1.85 1 1 0 0 1-.56-.9v-3.1A14.6 14.6 0 0 0 12 9Z',
} as const;

/** 24 px line icons; "off" adds a slash. Decorative: every button also says what it does in words. */
function CallIcon({ name }: { name: 'mic' | 'micOff' | 'camera' | 'cameraOff' | 'leave' }) {
  const base = name === 'micOff' ? 'mic' : name === 'cameraOff' ? 'camera' : name;
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24">
      <path fill="currentColor" d={ICON_PATHS[base]} />
      {name === 'micOff' || name === 'cameraOff' ? (
        <path d="M3 3l18 18" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
      ) : null}
    </svg>
  );
}

/** Tells the server the call's profile (the join cookie is the credential); done once the server answered. */
async function reportProfile(profile: CallProfile): Promise<boolean> {
  const response = await fetch('/join/api/bandwidth', {
    method: 'POST',
    cache: 'no-store',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ profile }),
  });
  return response.status < 500;
}
