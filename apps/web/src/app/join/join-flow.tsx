'use client';

import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
  type RefObject,
} from 'react';
import type { CallSamples } from '../../components/fallback/connection-monitor';
import type { JitsiMeeting } from '../../components/jitsi-loader';
import { formatClock, type JoinErrorKind, type Locale } from '../../i18n';
import {
  compiledTranslator,
  type CompiledCatalogue,
  type JoinMessageKey,
  type Translate,
} from '../../i18n/compiled';
import {
  qualityFromEffectiveType,
  qualityFromRoundTrips,
  refusalOutcome,
  worseConnection,
  type CameraOutcome,
  type ConnectionQuality,
  type DeviceCheckReport,
  type MicrophoneOutcome,
} from './device-report';
import type { Messaging } from './message-thread';
import { readWaitingInfo, type WaitingInfo } from './waiting-info';

/**
 * The patient's side of a visit, after the server checked the link: device check -> waiting room -> video
 * -> ended (or "you left the call" -> rejoin). Deliberately plain (React state and `fetch` to the /join/api
 * cookie routes, no data library, no i18n runtime: the server hands over this island's messages compiled), so
 * the page stays within its JavaScript budget. Jitsi's script is fetched only once the clinician has admitted.
 *
 * On a phone the video comes first once admitted: it fills the top of the screen, with our own large controls
 * (microphone, camera, leave) under it; the visit's title and time collapse, the consent text stays one tap away.
 */

/** The call's code, fetched after the device check (see video-visit.tsx). */
const loadVideoVisit = () => import('./video-visit');
const VideoVisit = lazy(() => loadVideoVisit().then((m) => ({ default: m.VideoVisit })));
/** The messaging thread's code (US-008), fetched once the call opens: if the connection then drops, it is here. */
const loadMessageThread = () => import('./message-thread');
const MessageThread = lazy(() => loadMessageThread().then((m) => ({ default: m.MessageThread })));

export type JoinPhase = 'check' | 'waiting' | 'admitted' | 'left' | 'ended' | 'messaging';
type T = Translate<JoinMessageKey>;

interface StatusAnswer {
  sessionStatus?: string;
  participantStatus?: string;
  closedReason?: string;
  meeting?: JitsiMeeting | null;
  problem?: JoinErrorKind;
  /** Set once the visit continues in messages; null for a failed session whose thread is not open yet. */
  messaging?: Messaging | null;
  /** How long the session waits for a lost participant before it fails and continues in messages. */
  graceReconnectSeconds?: number;
  /** The call's profile on the server: the other side may have moved it to audio only or back. */
  bandwidthProfile?: string;
}

const POLL_MS = 5_000;
/** In the call the poll is also the connection's heartbeat: more often, and one a 2G link leaves hanging is lost. */
const CALL_POLL_MS = 2_000;
const CALL_REQUEST_TIMEOUT_MS = 4_000;
const CLOSED_SESSION = ['ended', 'cancelled', 'failed'];
const IN_ROOM = ['admitted', 'active'];
const WAITING_SINCE_KEY = 'vc-join-waiting-since';
/** The spec's default grace reconnect window, until the first status answer gives the tenant's. */
const DEFAULT_GRACE_SECONDS = 60;

export function JoinFlow({
  locale,
  messages,
  initialPhase,
  initialWaiting,
  initialMessaging = null,
  intro,
  consent,
  help,
}: {
  locale: Locale;
  messages: CompiledCatalogue<JoinMessageKey>;
  initialPhase: 'check' | 'waiting' | 'messaging';
  initialWaiting: WaitingInfo;
  /** The status's `messaging` when the page opens on a visit that already continues in messages. */
  initialMessaging?: Messaging | null;
  /** The visit's title and time (server-rendered). */
  intro: ReactNode;
  /** "What you agreed to", collapsed (server-rendered). */
  consent: ReactNode;
  /** "Need help? Call your clinic." (server-rendered). */
  help: ReactNode;
}) {
  const t = useMemo(() => compiledTranslator(locale, messages), [locale, messages]);
  const [phase, setPhase] = useState<JoinPhase>(initialPhase);
  const [problem, setProblem] = useState<JoinErrorKind | null>(null);
  const [audioOnly, setAudioOnly] = useState(false);
  const [cameraMissing, setCameraMissing] = useState(false);
  /** The camera as the patient last left it in the call: a rejoin starts the same way. */
  const [cameraOff, setCameraOff] = useState<boolean | null>(null);
  const [meeting, setMeeting] = useState<JitsiMeeting | null>(null);
  const [callId, setCallId] = useState(0);
  const [waiting, setWaiting] = useState<WaitingInfo>(initialWaiting);
  const [messaging, setMessaging] = useState<Messaging | null>(initialMessaging);
  const latestMeeting = useRef<JitsiMeeting | null>(null);
  const graceSeconds = useRef(DEFAULT_GRACE_SECONDS);
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
    if (answer.sessionStatus === 'cancelled' && answer.closedReason === 'no_show') {
      setProblem('missed');
      return;
    }
    if (answer.graceReconnectSeconds !== undefined)
      graceSeconds.current = answer.graceReconnectSeconds;
    // The visit continues in messages (it failed after the grace window, or was moved there): the thread, by itself.
    if (answer.messaging || answer.sessionStatus === 'failed') {
      setMessaging(answer.messaging ?? null);
      setPhase('messaging');
      return;
    }
    if (answer.sessionStatus && CLOSED_SESSION.includes(answer.sessionStatus)) {
      setPhase('ended');
      return;
    }
    setWaiting(readWaitingInfo(answer));
    if (answer.participantStatus && IN_ROOM.includes(answer.participantStatus) && answer.meeting) {
      const next = answer.meeting;
      latestMeeting.current = next;
      // Keep the first answer: a new object every poll would reopen the call.
      setMeeting((current) => current ?? next);
      // Someone who left the call stays out until they press "Rejoin"; a page that opened its messages by itself
      // while cut off goes back to the call when the visit turns out to be going on in video after all.
      setPhase((current) =>
        current === 'check' || current === 'waiting' || current === 'messaging'
          ? 'admitted'
          : current,
      );
    }
  }, []);

  // The call's connection monitor lives in the call's own chunk; the poll hands it its samples through this.
  const callSamplesRef = useRef<CallSamples | null>(null);
  const { online, pollNow, lastAnswerAt } = usePresence(
    // In messages too: the heartbeat keeps the patient present, and the status brings the thread once it opens.
    phase === 'waiting' || phase === 'admitted' || phase === 'left' || phase === 'messaging',
    onStatus,
    phase === 'admitted',
    callSamplesRef,
  );

  // While they wait, fetch the call's code, so admission opens the video at once.
  useEffect(() => {
    if (phase === 'waiting') void loadVideoVisit();
  }, [phase]);
  // In the call, fetch the thread's code too, while the connection still carries it.
  useEffect(() => {
    if (phase === 'admitted') void loadMessageThread();
  }, [phase]);
  const showEnded = useCallback(() => setPhase('ended'), []);
  // Cut off in the call past the grace window: the server fails the session and the visit goes on in messages,
  // so the page opens them by itself (what the patient writes waits on the phone until the link is back).
  useEffect(() => {
    if (online || (phase !== 'admitted' && phase !== 'left')) return;
    // The server counts the window from the last heartbeat it got, so the page counts from its last answer too.
    const waited = Date.now() - lastAnswerAt.current;
    const timer = setTimeout(
      () => {
        setMessaging(null);
        setPhase('messaging');
      },
      Math.max(0, graceSeconds.current * 1000 - waited),
    );
    return () => clearTimeout(timer);
  }, [online, phase, lastAnswerAt]);

  if (problem) {
    return (
      <>
        <Step title={t(`problems.${problem}.title`)} headingRef={headingRef}>
          <p>{t(`problems.${problem}.body`)}</p>
        </Step>
        {help}
      </>
    );
  }

  if (phase === 'messaging') {
    return (
      <>
        {intro}
        <Suspense fallback={null}>
          <MessageThread
            t={t}
            locale={locale}
            messaging={messaging}
            headingRef={headingRef}
            onProblem={setProblem}
            onClosed={showEnded}
          />
        </Suspense>
        {help}
      </>
    );
  }

  if (phase === 'ended') {
    // No consent text here: the visit is over; what matters now is what happens next.
    return (
      <>
        <Step title={t('ended.title')} headingRef={headingRef}>
          <p>{t('ended.thanks')}</p>
          <h3>{t('ended.nextHeading')}</h3>
          <ul className="vc-join__next">
            <li>{t('ended.notes')}</li>
            <li>{t('ended.followUp')}</li>
            <li>{t('ended.close')}</li>
          </ul>
        </Step>
        {help}
      </>
    );
  }

  if (phase === 'admitted' && meeting) {
    return (
      <>
        {/* The title and time stay first for screen readers, out of the video's way on screen. */}
        <div className="vc-visually-hidden">{intro}</div>
        <Suspense fallback={<p role="status">{t('call.opening')}</p>}>
          <VideoVisit
            key={callId}
            t={t}
            meeting={meeting}
            startVideoMuted={cameraOff ?? (audioOnly || cameraMissing)}
            online={online}
            samplesRef={callSamplesRef}
            headingRef={headingRef}
            onCameraChange={setCameraOff}
            onLeft={() => {
              setPhase('left');
              // Did the visit end (the clinician closing the call), or did only the patient leave?
              pollNow();
            }}
          />
        </Suspense>
        {consent}
        {help}
      </>
    );
  }

  if (phase === 'left') {
    return (
      <>
        {intro}
        <Step title={t('left.title')} headingRef={headingRef}>
          <p>{t('left.body')}</p>
          {!online ? (
            <div role="alert" className="vc-alert vc-alert--warning">
              {t('reconnecting')}
            </div>
          ) : null}
          <div className="vc-join__actions">
            <button
              type="button"
              className="vc-button vc-button--primary vc-join__big-button"
              onClick={() => {
                // Reopens the meeting from the last status answer (a fresh token if the server sent one).
                setMeeting(latestMeeting.current ?? meeting);
                setCallId((id) => id + 1);
                setPhase('admitted');
              }}
            >
              {t('left.rejoin')}
            </button>
          </div>
        </Step>
        {consent}
        {help}
      </>
    );
  }

  return (
    <>
      {intro}
      {consent}
      {phase === 'check' ? (
        <DeviceCheck
          t={t}
          audioOnly={audioOnly}
          headingRef={headingRef}
          onCameraMissing={() => setCameraMissing(true)}
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
      ) : (
        <WaitingRoom
          t={t}
          locale={locale}
          online={online}
          waiting={waiting}
          headingRef={headingRef}
        />
      )}
      {/* After the step, so the step's own button is on a phone's first screen. */}
      <AudioOnlySwitch t={t} checked={audioOnly} onChange={setAudioOnly} />
      {help}
    </>
  );
}

/**
 * Heartbeat + status every 5 s while the patient is in the waiting room, every 2 s in the call, where each poll's
 * round trip (or its loss) feeds the connection monitor and the session's profile is followed; `pollNow` asks at
 * once.
 */
function usePresence(
  active: boolean,
  onStatus: (answer: StatusAnswer) => void,
  inCall: boolean,
  samplesRef: RefObject<CallSamples | null>,
): { online: boolean; pollNow: () => void; lastAnswerAt: RefObject<number> } {
  const [online, setOnline] = useState(true);
  /** When the server last answered (Date.now()): the start of a lost connection. */
  const lastAnswerAt = useRef(0);
  const nowRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    if (!active) return;
    if (lastAnswerAt.current === 0) lastAnswerAt.current = Date.now();
    let stopped = false;
    let inFlight = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const poll = async () => {
      inFlight = true;
      const started = performance.now();
      const request = new AbortController();
      const cancel = () => request.abort();
      controller.signal.addEventListener('abort', cancel);
      let timedOut = false;
      const timeout = inCall
        ? setTimeout(() => {
            timedOut = true;
            request.abort();
          }, CALL_REQUEST_TIMEOUT_MS)
        : undefined;
      try {
        const response = await fetch('/join/api/status', {
          method: 'POST',
          signal: request.signal,
          cache: 'no-store',
        });
        const answer = (await response.json()) as StatusAnswer;
        if (stopped) return;
        const monitor = inCall ? samplesRef.current : null;
        monitor?.roundTrip(performance.now() - started);
        const profile = answer.bandwidthProfile;
        if (profile === 'video' || profile === 'audio_only') monitor?.follow(profile);
        lastAnswerAt.current = Date.now();
        setOnline(true);
        onStatus(answer);
      } catch {
        if (stopped) return;
        if (inCall) samplesRef.current?.loss();
        // A slow answer is the monitor's business; "connection lost" is for a request that failed outright.
        if (!timedOut) setOnline(false);
      } finally {
        clearTimeout(timeout);
        controller.signal.removeEventListener('abort', cancel);
        inFlight = false;
      }
      if (!stopped) timer = setTimeout(() => void poll(), inCall ? CALL_POLL_MS : POLL_MS);
    };
    const now = () => {
      if (stopped || inFlight) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      void poll();
    };
    nowRef.current = now;
    void poll();
    const wake = () => {
      // Back from a locked screen or a dropped network: ask at once instead of waiting for the timer.
      if (document.visibilityState === 'visible') now();
    };
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', wake);
    return () => {
      stopped = true;
      nowRef.current = () => undefined;
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
      window.removeEventListener('online', wake);
      document.removeEventListener('visibilitychange', wake);
    };
  }, [active, onStatus, inCall, samplesRef]);
  const pollNow = useCallback(() => nowRef.current(), []);
  return { online, pollNow, lastAnswerAt };
}

function AudioOnlySwitch({
  t,
  checked,
  onChange,
}: {
  t: T;
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
      <label htmlFor="audio-only">{t('audioOnly')}</label>
      <span id="audio-only-help" className="vc-field__description">
        {t('audioOnlyHelp')}
      </span>
    </div>
  );
}

/**
 * The connection, measured while the camera check runs: the browser's estimate (when it gives one) and three
 * small round trips to /api/health, one after the other. `quality()` answers with what is known so far, so
 * entering the waiting room never waits for it.
 */
function probeConnection(): { quality: () => ConnectionQuality } {
  const roundTrips: number[] = [];
  let failures = 0;
  void (async () => {
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      try {
        const response = await fetch('/api/health', { cache: 'no-store' });
        await response.arrayBuffer();
        if (response.ok) roundTrips.push(performance.now() - started);
        else failures += 1;
      } catch {
        failures += 1;
      }
    }
  })();
  const effectiveType = (navigator as { connection?: { effectiveType?: unknown } }).connection
    ?.effectiveType;
  return {
    quality: () =>
      worseConnection(
        qualityFromEffectiveType(effectiveType),
        qualityFromRoundTrips(roundTrips, failures),
      ),
  };
}

type DeviceState = 'idle' | 'asking' | 'ok' | 'denied' | 'missing' | 'unsupported';

const noSubscription = () => () => undefined;

/** False in the server's HTML and while it hydrates, true once this page's script runs it. */
function useScripted(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

function DeviceCheck({
  t,
  audioOnly,
  headingRef,
  onCameraMissing,
  onEntered,
}: {
  t: T;
  audioOnly: boolean;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onCameraMissing: () => void;
  onEntered: (answer: StatusAnswer) => void;
}) {
  const [state, setState] = useState<DeviceState>('idle');
  const [level, setLevel] = useState(0);
  const [hasVideo, setHasVideo] = useState(false);
  const [noCamera, setNoCamera] = useState(false);
  const [entering, setEntering] = useState(false);
  const [enterError, setEnterError] = useState(false);
  const scripted = useScripted();
  const videoRef = useRef<HTMLVideoElement>(null);
  const stopRef = useRef<(() => void) | null>(null);
  const probeRef = useRef<{ quality: () => ConnectionQuality } | null>(null);
  const outcomeRef = useRef<{ camera: CameraOutcome; microphone: MicrophoneOutcome } | null>(null);

  const stop = useCallback(() => {
    stopRef.current?.();
    stopRef.current = null;
  }, []);
  useEffect(() => stop, [stop]);

  const start = useCallback(async () => {
    stop();
    // The connection is measured alongside, once per page: it costs the patient no time.
    probeRef.current ??= probeConnection();
    const cameraWhenOff = (outcome: CameraOutcome): CameraOutcome => (audioOnly ? 'off' : outcome);
    if (!navigator.mediaDevices?.getUserMedia) {
      outcomeRef.current = { camera: cameraWhenOff('unsupported'), microphone: 'unsupported' };
      setState('unsupported');
      return;
    }
    setState('asking');
    setNoCamera(false);
    let stream: MediaStream;
    let cameraFound = !audioOnly;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: true,
        video: audioOnly
          ? false
          : { width: { ideal: 640 }, height: { ideal: 360 }, facingMode: 'user' },
      });
    } catch (error) {
      const outcome = refusalOutcome(error instanceof DOMException ? error.name : '');
      let fallback: MediaStream | null = null;
      if (outcome === 'missing' && !audioOnly) {
        // Perhaps only the camera is missing (or busy): the visit can still go ahead with sound.
        fallback = await navigator.mediaDevices
          .getUserMedia({ audio: true, video: false })
          .catch(() => null);
      }
      if (!fallback) {
        outcomeRef.current = { camera: cameraWhenOff(outcome), microphone: outcome };
        setState(outcome === 'missing' ? 'missing' : 'denied');
        return;
      }
      stream = fallback;
      cameraFound = false;
      setNoCamera(true);
      onCameraMissing();
    }
    const video = videoRef.current;
    const withVideo = cameraFound && stream.getVideoTracks().length > 0;
    if (video) video.srcObject = withVideo ? stream : null;
    setHasVideo(withVideo);
    outcomeRef.current = {
      camera: audioOnly ? 'off' : withVideo ? 'ok' : 'missing',
      microphone: stream.getAudioTracks().length > 0 ? 'ok' : 'missing',
    };
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
  }, [audioOnly, onCameraMissing, stop]);

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
    const outcome = outcomeRef.current;
    const deviceCheck: DeviceCheckReport | null = outcome
      ? { ...outcome, connection: probeRef.current?.quality() ?? 'unknown' }
      : null;
    try {
      const response = await fetch('/join/api/enter', {
        method: 'POST',
        cache: 'no-store',
        ...(deviceCheck
          ? {
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ deviceCheck }),
            }
          : {}),
      });
      const answer = (await response.json()) as StatusAnswer;
      if (!response.ok && !answer.problem) throw new Error('enter failed');
      stop();
      onEntered(answer);
    } catch {
      setEnterError(true);
      setEntering(false);
    }
  };

  const helpText =
    state === 'denied'
      ? { title: t('device.deniedTitle'), body: t('device.deniedHelp') }
      : state === 'missing'
        ? { title: t('device.missingTitle'), body: t('device.missingHelp') }
        : state === 'unsupported'
          ? { title: t('device.unsupportedTitle'), body: t('device.unsupportedHelp') }
          : null;

  return (
    <Step title={t('device.heading')} headingRef={headingRef}>
      <p>{t('device.intro')}</p>
      <div className="vc-join__preview" hidden={state !== 'ok' || !hasVideo}>
        <video ref={videoRef} autoPlay playsInline muted aria-label={t('device.preview')} />
      </div>
      {state === 'ok' ? (
        <div className="vc-join__meter">
          <label htmlFor="mic-level">{t('device.micLevel')}</label>
          <meter
            id="mic-level"
            min={0}
            max={1}
            low={0.05}
            value={level}
            aria-describedby="mic-hint"
          />
          <span id="mic-hint" className="vc-field__description">
            {t('device.micHint')}
          </span>
        </div>
      ) : null}
      <div role="status" aria-live="polite">
        {state === 'asking' ? <p>{t('device.asking')}</p> : null}
        {state === 'ok' ? (
          <p className="vc-alert vc-alert--success">
            {noCamera ? t('device.noCamera') : hasVideo ? t('device.ok') : t('device.audioOk')}
          </p>
        ) : null}
      </div>
      {helpText ? (
        <div role="alert" className="vc-alert vc-alert--warning">
          <strong className="vc-alert__title">{helpText.title}</strong>
          {helpText.body}
        </div>
      ) : null}
      {enterError ? (
        <div role="alert" className="vc-alert vc-alert--error">
          {t('errorGeneric')}
        </div>
      ) : null}
      {/*
        A plain form: before this page's script has arrived (seconds on a 2G link) a tap on "Enter" already
        posts it, and the server answers with the waiting room. Once the script runs, it sends the device
        check's findings along instead. The check itself needs the script, so its button waits for it.
      */}
      <form
        method="post"
        action="/join/api/enter"
        className="vc-join__actions"
        onSubmit={(event) => {
          event.preventDefault();
          void enter();
        }}
      >
        {state === 'idle' || state === 'asking' ? (
          <button
            type="button"
            className="vc-button vc-button--secondary"
            onClick={() => void start()}
            disabled={!scripted || state === 'asking'}
          >
            {t('device.start')}
          </button>
        ) : null}
        {helpText ? (
          <button
            type="button"
            className="vc-button vc-button--secondary"
            onClick={() => void start()}
          >
            {t('device.tryAgain')}
          </button>
        ) : null}
        <button
          type="submit"
          className="vc-button vc-button--primary"
          disabled={entering || state === 'asking'}
        >
          {entering ? t('device.entering') : t('device.enter')}
        </button>
      </form>
    </Step>
  );
}

function WaitingRoom({
  t,
  locale,
  online,
  waiting,
  headingRef,
}: {
  t: T;
  locale: Locale;
  online: boolean;
  waiting: WaitingInfo;
  headingRef: RefObject<HTMLHeadingElement | null>;
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
  const waited = formatClock((now - since) / 1000, locale);
  const { queue, runningLateMinutes } = waiting;
  const place =
    queue === null
      ? null
      : queue.ahead > 0
        ? t('waiting.ahead', { count: queue.ahead })
        : queue.clinicianBusy
          ? t('waiting.nextBusy')
          : t('waiting.next');

  return (
    <Step title={t('waiting.heading')} headingRef={headingRef}>
      {/* Kept in the page while empty, so a message that appears later is announced. */}
      <div role="status" className="vc-join__live">
        {runningLateMinutes !== null ? (
          <p className="vc-alert vc-alert--warning vc-join__late">
            {t('waiting.runningLate', { minutes: runningLateMinutes })}
          </p>
        ) : null}
      </div>
      <p className="vc-join__pulse" role="status">
        {t('waiting.status')}
      </p>
      <div role="status" className="vc-join__live">
        {place ? <p className="vc-join__queue">{place}</p> : null}
      </div>
      <p>
        {t('waiting.timeWaited')}:{' '}
        <span className="vc-join__timer" suppressHydrationWarning>
          {waited}
        </span>
      </p>
      {!online ? (
        <div role="alert" className="vc-alert vc-alert--warning">
          {t('reconnecting')}
        </div>
      ) : null}
      <div>
        <h3>{t('waiting.connectionHeading')}</h3>
        <p>{t('waiting.connectionHelp')}</p>
      </div>
    </Step>
  );
}

/** One step of the page: a card whose heading takes the focus when the step changes. */
function Step({
  title,
  headingRef,
  children,
}: {
  title: ReactNode;
  headingRef: RefObject<HTMLHeadingElement | null>;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby="join-step" className="vc-card vc-join__step">
      <div className="vc-card__body vc-stack">
        <h2 id="join-step" ref={headingRef} tabIndex={-1}>
          {title}
        </h2>
        {children}
      </div>
    </section>
  );
}
