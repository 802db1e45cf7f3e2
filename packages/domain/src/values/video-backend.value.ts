import { VIDEO_BACKENDS, type VideoBackend } from '../records/virtual-session.record';

export function isVideoBackend(value: string): value is VideoBackend {
  return (VIDEO_BACKENDS as readonly string[]).includes(value);
}
