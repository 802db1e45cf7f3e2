'use client';

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Dictionary, JoinErrorKind, Locale } from '../../i18n';
import { loadJitsi, type JitsiApi, type JitsiMeeting } from '../../components/jitsi-loader';

/**
 * The patient's side of a visit, after the server checked the link: device check -> waiting room -> video.
 * Deliberately plain (React state and `fetch` to the /join/api cookie routes, no data library), so the page
 * stays within its JavaScript budget. Jitsi's script is fetched only once the clinician has admitted.
 */

export type JoinPhase = 'check' | 'waiting' | 'admitted' | 'ended';
type Strings = Omit<Dictionary, 'errors'> & { errors: Pick<Dictionary['errors'], JoinErrorKind> };

interface StatusAnswer {
  sessionStatus?: string;
  participantStatus?: string;
  meeting?: JitsiMeeting | null;
  problem?: JoinErrorKind;
}

const POLL_MS = 5_000;
const CLOSED_SESSION = ['ended', 'cancelled', 'failed'];
const IN_ROOM = ['admitted', 'active'];
const WAITING_SINCE_KEY = 'vc-join-waiting-since';

const subscribeNothing = () => () => undefined;
/** True in the browser after hydration, false on the server (no effect + setState needed). */
function useIsClient(): boolean {
  return useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
}

/** The visit time in the patient's own time zone and language. */
export function VisitTime({ iso, locale }: { iso: string; locale: Locale }) {
  const client = useIsClient();
  const date = new Date(iso);
  const text = new Intl.DateTimeFormat(locale, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: client ? undefined : 'UTC',
  }).format(date);
  return <time dateTime={iso}>{text}</time>;
}

export function JoinFlow({
  t,
  locale,
  initialPhase,
}: {
  t: Strings;
  locale: Locale;
  initialPhase: JoinPhase;
}) {
  const [phase, setPhase] = useState<JoinPhase>(initialPhase);
  const [problem, setProblem] = useState<JoinErrorKind | null>(null);
  const [audioOnly, setAudioOnly] = useState(false);
  const [meeting, setMeeting] = useState<JitsiMeeting | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Move focus to the new step's heading, so keyboard and screen-reader users follow along.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [phase, problem]);

  const onStatus = useCallback((answer: StatusAnswer) => {
    if (answer.problem) {
      setProblem(answer.problem);
      return;
    }
    if (answer.participantStatus === 'removed') {
      setProblem('removed');
      return;
    }
    if (answer.sessionStatus && CLOSED_SESSION.includes(answer.sessionStatus)) {
      setPhase('ended');
      return;
    }
    if (answer.participantStatus && IN_ROOM.includes(answer.participantStatus) && answer.meeting) {
      const next = answer.meeting;
      // Keep the first answer: a new object every poll would reopen the call.
      setMeeting((current) => current ?? next);
      setPhase('admitted');
    }
  }, []);

  const online = usePresence(phase === 'waiting' || phase === 'admitted', onStatus);

  if (problem) {
    const text = t.errors[problem];
    return (
      <section aria-labelledby="join-step" className="vc-card vc-join__step">
        <div className="vc-card__body vc-stack">
          <h2 id="join-step" ref={headingRef} tabIndex={-1}>
            {text.title}
          </h2>
          <p>{text.body}</p>
        </div>
      </section>
    );
  }

  return (
    <>
      <AudioOnlySwitch t={t} checked={audioOnly} onChange={setAudioOnly} />
      {phase === 'check' ? (
        <DeviceCheck
          t={t}
          audioOnly={audioOnly}
          headingRef={headingRef}
          onEntered={(answer) => {
            try {
              sessionStorage.setItem(WAITING_SINCE_KEY, String(Date.now()));
            } catch {
              // private mode: the timer starts again on reload, nothing more
            }
            if (answer.problem) setProblem(answer.problem);
            else setPhase('waiting');
          }}
        />
      ) : null}
      {phase === 'waiting' ? (
        <WaitingRoom t={t} locale={locale} online={online} headingRef={headingRef} />
      ) : null}
      {phase === 'admitted' && meeting ? (
        <VideoVisit
          t={t}
          meeting={meeting}
          audioOnly={audioOnly}
          online={online}
          headingRef={headingRef}
          onClosed={() => setPhase('ended')}
        />
      ) : null}
      {phase === 'ended' ? (
        <section aria-labelledby="join-step" className="vc-card vc-join__step">
          <div className="vc-card__body vc-stack">
            <h2 id="join-step" ref={headingRef} tabIndex={-1}>
              {t.endedTitle}
            </h2>
            <p>{t.endedBody}</p>
          </div>
        </section>
      ) : null}
    </>
  );
}

/** Heartbeat + status every 5 s while the patient is in the waiting room or the call. */
function usePresence(active: boolean, onStatus: (answer: StatusAnswer) => void): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const poll = async () => {
      try {
        const response = await fetch('/join/api/status', {
          method: 'POST',
          signal: controller.signal,
          cache: 'no-store',
        });
        const answer = (await response.json()) as StatusAnswer;
        if (stopped) return;
        setOnline(true);
        onStatus(answer);
      } catch {
        if (stopped) return;
        setOnline(false);
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    const wake = () => {
      // Back from a locked screen or a dropped network: ask at once instead of waiting for the timer.
      if (document.visibilityState === 'visible' && timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
        void poll();
      }
    };
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', wake);
    return () => {
      stopped = true;
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
      window.removeEventListener('online', wake);
      document.removeEventListener('visibilitychange', wake);
    };
  }, [active, onStatus]);
  return online;
}

function AudioOnlySwitch({
  t,
  checked,
  onChange,
}: {
  t: Strings;
  checked: boolean;
  onChange: (value: boolean) => void;
}) {
  return (
    <div className="vc-join__switch">
      <input
        id="audio-only"
        type="checkbox"
        role="switch"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby="audio-only-help"
      />
      <label htmlFor="audio-only">{t.audioOnly}</label>
      <span id="audio-only-help" className="vc-field__description">
        {t.audioOnlyHelp}
      </span>
    </div>
  );
}

type DeviceState = 'idle' | 'asking' | 'ok' | 'denied' | 'missing' | 'unsupported';

function DeviceCheck({
  t,
  audioOnly,
  headingRef,
  onEntered,
}: {
  t: Strings;
  audioOnly: boolean;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onEntered: (answer: StatusAnswer) => void;
}) {
  const [state, setState] = useState<DeviceState>('idle');
  const [level, setLevel] = useState(0);
  const [hasVideo, setHasVideo] = useState(false);
  const [entering, setEntering] = useState(false);
  const [enterError, setEnterError] = useState(false);
  const videoRef = useRef<HTMLVideoElement>(null);
  const stopRef = useRef<(() => void) | null>(null);

  const stop = useCallback(() => {
    stopRef.current?.();
    stopRef.current = null;
  }, []);
  useEffect(() => stop, [stop]);

  const start = useCallback(async () => {
    stop();
    if (!navigator.mediaDevices?.getUserMedia) {
      setState('unsupported');
      return;
    }
    setState('asking');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: true,
        video: audioOnly
          ? false
          : { width: { ideal: 640 }, height: { ideal: 360 }, facingMode: 'user' },
      });
    } catch (error) {
      const name = error instanceof DOMException ? error.name : '';
      setState(
        name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError'
          ? 'missing'
          : 'denied',
      );
      return;
    }
    const video = videoRef.current;
    if (video) video.srcObject = audioOnly ? null : stream;
    setHasVideo(!audioOnly && stream.getVideoTracks().length > 0);
    let audio: AudioContext | null = null;
    let meter: ReturnType<typeof setInterval> | undefined;
    try {
      audio = new AudioContext();
      const analyser = audio.createAnalyser();
      analyser.fftSize = 512;
      audio.createMediaStreamSource(stream).connect(analyser);
      const samples = new Uint8Array(analyser.fftSize);
      // Ten readings a second is plenty for a level bar and cheap on a slow phone.
      meter = setInterval(() => {
        analyser.getByteTimeDomainData(samples);
        let sum = 0;
        for (const sample of samples) sum += ((sample - 128) / 128) ** 2;
        setLevel(Math.min(1, Math.sqrt(sum / samples.length) * 5));
      }, 100);
    } catch {
      // No Web Audio: the preview still works, only the bar stays still.
    }
    stopRef.current = () => {
      if (meter !== undefined) clearInterval(meter);
      void audio?.close().catch(() => undefined);
      stream.getTracks().forEach((track) => track.stop());
      if (videoRef.current) videoRef.current.srcObject = null;
    };
    setState('ok');
  }, [audioOnly, stop]);

  // Switching audio-only during the check restarts it with or without the camera.
  const lastAudioOnly = useRef(audioOnly);
  useEffect(() => {
    if (lastAudioOnly.current === audioOnly) return;
    lastAudioOnly.current = audioOnly;
    if (stopRef.current) void start();
  }, [audioOnly, start]);

  const enter = async () => {
    setEntering(true);
    setEnterError(false);
    try {
      const response = await fetch('/join/api/enter', { method: 'POST', cache: 'no-store' });
      const answer = (await response.json()) as StatusAnswer;
      if (!response.ok && !answer.problem) throw new Error('enter failed');
      stop();
      onEntered(answer);
    } catch {
      setEnterError(true);
      setEntering(false);
    }
  };

  const help =
    state === 'denied'
      ? { title: t.deniedTitle, body: t.deniedHelp }
      : state === 'missing'
        ? { title: t.missingTitle, body: t.missingHelp }
        : state === 'unsupported'
          ? { title: t.unsupportedTitle, body: t.unsupportedHelp }
          : null;

  return (
    <section aria-labelledby="join-step" className="vc-card vc-join__step">
      <div className="vc-card__body vc-stack">
        <h2 id="join-step" ref={headingRef} tabIndex={-1}>
          {t.deviceHeading}
        </h2>
        <p>{t.deviceIntro}</p>
        <div className="vc-join__preview" hidden={state !== 'ok' || !hasVideo}>
          <video ref={videoRef} autoPlay playsInline muted aria-label={t.devicePreview} />
        </div>
        {state === 'ok' ? (
          <div className="vc-join__meter">
            <label htmlFor="mic-level">{t.micLevel}</label>
            <meter
              id="mic-level"
              min={0}
              max={1}
              low={0.05}
              value={level}
              aria-describedby="mic-hint"
            />
            <span id="mic-hint" className="vc-field__description">
              {t.micHint}
            </span>
          </div>
        ) : null}
        <div role="status" aria-live="polite">
          {state === 'asking' ? <p>{t.deviceAsking}</p> : null}
          {state === 'ok' ? (
            <p className="vc-alert vc-alert--success">{hasVideo ? t.deviceOk : t.deviceAudioOk}</p>
          ) : null}
        </div>
        {help ? (
          <div role="alert" className="vc-alert vc-alert--warning">
            <strong className="vc-alert__title">{help.title}</strong>
            {help.body}
          </div>
        ) : null}
        {enterError ? (
          <div role="alert" className="vc-alert vc-alert--error">
            {t.errorGeneric}
          </div>
        ) : null}
        <div className="vc-join__actions">
          {state === 'idle' || state === 'asking' ? (
            <button
              type="button"
              className="vc-button vc-button--secondary"
              onClick={() => void start()}
              disabled={state === 'asking'}
            >
              {t.deviceStart}
            </button>
          ) : null}
          {help ? (
            <button
              type="button"
              className="vc-button vc-button--secondary"
              onClick={() => void start()}
            >
              {t.tryAgain}
            </button>
          ) : null}
          <button
            type="button"
            className="vc-button vc-button--primary"
            onClick={() => void enter()}
            disabled={entering || state === 'idle' || state === 'asking'}
          >
            {entering ? t.entering : t.enterWaitingRoom}
          </button>
        </div>
      </div>
    </section>
  );
}

function WaitingRoom({
  t,
  locale,
  online,
  headingRef,
}: {
  t: Strings;
  locale: Locale;
  online: boolean;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
}) {
  const [since] = useState(() => {
    try {
      const stored = Number(sessionStorage.getItem(WAITING_SINCE_KEY));
      if (Number.isFinite(stored) && stored > 0) return stored;
    } catch {
      // no storage: count from now
    }
    return Date.now();
  });
  const [now, setNow] = useState(since);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2 });
  const waited = `${new Intl.NumberFormat(locale).format(Math.floor(seconds / 60))}:${two.format(seconds % 60)}`;

  return (
    <section aria-labelledby="join-step" className="vc-card vc-join__step">
      <div className="vc-card__body vc-stack">
        <h2 id="join-step" ref={headingRef} tabIndex={-1}>
          {t.waitingHeading}
        </h2>
        <p className="vc-join__pulse" role="status">
          {t.waitingStatus}
        </p>
        <p>
          {t.timeWaited}:{' '}
          <span className="vc-join__timer" suppressHydrationWarning>
            {waited}
          </span>
        </p>
        {!online ? (
          <div role="alert" className="vc-alert vc-alert--warning">
            {t.reconnecting}
          </div>
        ) : null}
        <div>
          <h3>{t.connectionHeading}</h3>
          <p>{t.connectionHelp}</p>
        </div>
      </div>
    </section>
  );
}

function VideoVisit({
  t,
  meeting,
  audioOnly,
  online,
  headingRef,
  onClosed,
}: {
  t: Strings;
  meeting: JitsiMeeting;
  audioOnly: boolean;
  online: boolean;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onClosed: () => void;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const apiRef = useRef<JitsiApi | null>(null);
  const videoMuted = useRef(audioOnly);
  const [state, setState] = useState<'loading' | 'open' | 'failed'>('loading');
  const initialAudioOnly = useRef(audioOnly);
  const closedRef = useRef(onClosed);
  useEffect(() => {
    closedRef.current = onClosed;
  }, [onClosed]);

  useEffect(() => {
    const parent = containerRef.current;
    if (!parent) return;
    let disposed = false;
    loadJitsi(meeting, parent, { startWithVideoMuted: initialAudioOnly.current })
      .then((api) => {
        if (disposed) {
          api.dispose();
          return;
        }
        apiRef.current = api;
        api.addListener('videoMuteStatusChanged', (data) => {
          videoMuted.current = Boolean((data as { muted?: boolean }).muted);
        });
        api.addListener('readyToClose', () => closedRef.current());
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

  // The audio-only switch drives the call's camera.
  useEffect(() => {
    const api = apiRef.current;
    if (!api || videoMuted.current === audioOnly) return;
    videoMuted.current = audioOnly;
    api.executeCommand('toggleVideo');
  }, [audioOnly, state]);

  return (
    <section aria-labelledby="join-step" className="vc-join__video-section">
      <h2 id="join-step" ref={headingRef} tabIndex={-1}>
        {t.admittedHeading}
      </h2>
      <div role="status" aria-live="polite">
        {state === 'loading' ? <p>{t.openingVideo}</p> : null}
      </div>
      {state === 'failed' ? (
        <div role="alert" className="vc-alert vc-alert--error">
          {t.videoFailed}
        </div>
      ) : null}
      {!online ? (
        <div role="alert" className="vc-alert vc-alert--warning">
          {t.reconnecting}
        </div>
      ) : null}
      <div ref={containerRef} className="vc-video" role="region" aria-label={t.videoRegion} />
    </section>
  );
}
