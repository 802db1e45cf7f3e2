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

export interface JitsiApi {
  addListener(event: string, listener: (data: unknown) => void): unknown;
  executeCommand(command: string, ...args: unknown[]): void;
  dispose(): void;
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
  overrides: { startWithVideoMuted?: boolean } = {},
): Promise<JitsiApi> {
  await loadScript(meeting.scriptUrl);
  const Api = (window as unknown as { JitsiMeetExternalAPI?: JitsiConstructor })
    .JitsiMeetExternalAPI;
  if (!Api) throw new Error('The video script did not provide JitsiMeetExternalAPI');
  const configOverwrite = {
    ...((meeting.options.configOverwrite as Record<string, unknown> | undefined) ?? {}),
    ...(overrides.startWithVideoMuted ? { startWithVideoMuted: true } : {}),
  };
  return new Api(meeting.domain, { ...meeting.options, configOverwrite, parentNode });
}
