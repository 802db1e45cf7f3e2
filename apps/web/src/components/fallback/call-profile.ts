import type { JitsiApi } from '../jitsi-loader';
import type { CallProfile } from './connection-monitor';

/**
 * The call's side of the fallback, through Jitsi's IFrame API: `setAudioOnly` (Jitsi's own audio-only mode:
 * the camera goes off and no incoming video is received, so the bandwidth goes to the voice) and the events
 * that tell something about the connection. Jitsi has no quality event; `peerConnectionFailure` (the media
 * connection failed) and a CONNECTION `errorOccurred` count as lost heartbeats.
 */
export function applyCallProfile(api: JitsiApi, profile: CallProfile): void {
  api.executeCommand('setAudioOnly', profile === 'audio_only');
}

export function listenToCall(
  api: JitsiApi,
  on: {
    loss: () => void;
    /** Jitsi's audio-only mode changed from inside the call (its own menu, or the camera turned on). */
    audioOnly: (enabled: boolean) => void;
  },
): void {
  api.addListener('peerConnectionFailure', () => on.loss());
  api.addListener('errorOccurred', (data) => {
    if (fieldOf(data, 'type') === 'CONNECTION') on.loss();
  });
  api.addListener('audioOnlyChanged', (data) => {
    // jitsi-meet sends `{ enabled }`; its handbook documents `{ audioOnlyChanged }`.
    const enabled = fieldOf(data, 'enabled') ?? fieldOf(data, 'audioOnlyChanged');
    if (typeof enabled === 'boolean') on.audioOnly(enabled);
  });
}

function fieldOf(data: unknown, key: string): unknown {
  return data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
}
