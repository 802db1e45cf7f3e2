import type { VideoBackend } from '../records/virtual-session.record';

export const VIDEO_BACKENDS = [
  'jitsi',
  'mediasoup',
  'zoom',
  'webex',
  'teams',
] as const satisfies readonly VideoBackend[];

export function isVideoBackend(value: string): value is VideoBackend {
  return (VIDEO_BACKENDS as readonly string[]).includes(value);
}
