/**
 * Jitsi Meet's IFrame API, loaded on demand: the script tag is added only when a call is about to open
 * (after admit), so pages carry none of Jitsi's own JavaScript before that.
 */

export interface JitsiMeeting {
  /** First argument of JitsiMeetExternalAPI (host[/path], no scheme). */
  domain: string;
  /** The deployment's external_api.js. */
  scriptUrl: string;
  /** Options from the server (room, JWT, branding, prejoin off). */
  options: Record<string, unknown>;
}

/** The IFrame API events our pages listen to (any other name is allowed too). */
export type JitsiEvent =
  | 'videoConferenceJoined'
  | 'videoConferenceLeft'
  | 'participantJoined'
  | 'participantLeft'
  | 'participantKickedOut'
  | 'audioMuteStatusChanged'
  | 'videoMuteStatusChanged'
  | 'readyToClose'
  | 'errorOccurred';

/** The commands our pages send (`executeCommand`); any other name is allowed too. */
export type JitsiCommand =
  'toggleAudio' | 'toggleVideo' | 'hangup' | 'displayName' | 'kickParticipant';

export interface JitsiApi {
  addListener(event: JitsiEvent | (string & {}), listener: (data: unknown) => void): unknown;
  removeListener?(event: string, listener: (data: unknown) => void): unknown;
  executeCommand(command: JitsiCommand | (string & {}), ...args: unknown[]): void;
  isAudioMuted?(): Promise<boolean>;
  isVideoMuted?(): Promise<boolean>;
  getNumberOfParticipants?(): number;
  dispose(): void;
}

/** `{ muted }` of audioMuteStatusChanged / videoMuteStatusChanged. */
export function mutedOf(data: unknown): boolean {
  return Boolean(data && typeof data === 'object' && (data as { muted?: unknown }).muted);
}

/** `{ id }` of participantJoined / participantLeft (null when absent). */
export function participantIdOf(data: unknown): string | null {
  const id = data && typeof data === 'object' ? (data as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

/** `{ displayName }` of participantJoined (null when absent). */
export function displayNameOf(data: unknown): string | null {
  const name =
    data && typeof data === 'object' ? (data as { displayName?: unknown }).displayName : undefined;
  return typeof name === 'string' ? name : null;
}

/** `{ kicked: { id, local } }` of participantKickedOut (null when absent). */
export function kickedOf(data: unknown): { id: string; local: boolean } | null {
  const kicked = data && typeof data === 'object' ? (data as { kicked?: unknown }).kicked : null;
  const id = participantIdOf(kicked);
  return id ? { id, local: (kicked as { local?: unknown }).local === true } : null;
}

export interface JitsiOverrides {
  startWithVideoMuted?: boolean;
  startWithAudioMuted?: boolean;
  /** Jitsi's own toolbar (`configOverwrite.toolbarButtons`): [] hides it, for a page with its own controls. */
  toolbarButtons?: string[];
}

type JitsiConstructor = new (domain: string, options: Record<string, unknown>) => JitsiApi;

const pending = new Map<string, Promise<void>>();

function loadScript(src: string): Promise<void> {
  const existing = pending.get(src);
  if (existing) return existing;
  const loading = new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => {
      pending.delete(src);
      script.remove();
      reject(new Error('The video script could not be loaded'));
    };
    document.head.appendChild(script);
  });
  pending.set(src, loading);
  return loading;
}

/** Loads the script (once) and opens the meeting inside `parentNode`. */
export async function loadJitsi(
  meeting: JitsiMeeting,
  parentNode: HTMLElement,
  overrides: JitsiOverrides = {},
): Promise<JitsiApi> {
  await loadScript(meeting.scriptUrl);
  const Api = (window as unknown as { JitsiMeetExternalAPI?: JitsiConstructor })
    .JitsiMeetExternalAPI;
  if (!Api) throw new Error('The video script did not provide JitsiMeetExternalAPI');
  const configOverwrite = {
    ...((meeting.options.configOverwrite as Record<string, unknown> | undefined) ?? {}),
    ...(overrides.startWithVideoMuted ? { startWithVideoMuted: true } : {}),
    ...(overrides.startWithAudioMuted ? { startWithAudioMuted: true } : {}),
    ...(overrides.toolbarButtons ? { toolbarButtons: overrides.toolbarButtons } : {}),
  };
  return new Api(meeting.domain, { ...meeting.options, configOverwrite, parentNode });
}
