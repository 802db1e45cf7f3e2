import type { BandwidthChange } from '../records/virtual-session.record';
import { BANDWIDTH_PROFILES, type BandwidthProfile } from './bandwidth-profile.value';

/** How long a visit ran on one modality (bandwidth profile), in whole seconds. */
export interface ModalityDuration {
  profile: BandwidthProfile;
  seconds: number;
}

/** A visit's modalities for the Encounter and billing (CPT modifier 95 video vs 93 audio only). */
export interface ModalityBreakdown {
  /** Only modalities that lasted more than 0 s, in tier order (video, audio_only, async_text). */
  modalities: ModalityDuration[];
  /** The lowest tier the visit actually ran on: what billing must not claim more than. */
  lowestProfile: BandwidthProfile;
}

/**
 * Seconds spent in each profile between actual start and end. A visit starts in the first change's `from`
 * (`video` when it never changed); a change before the start sets the profile the visit starts in, one after
 * the end counts for nothing. Unknown start or end (never started) gives no modalities.
 */
export function modalityBreakdown(
  actualStart: Date | null,
  actualEnd: Date | null,
  changes: readonly Pick<BandwidthChange, 'from' | 'to' | 'changedAt'>[],
): ModalityBreakdown {
  const ordered = [...changes].sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime());
  let current: BandwidthProfile = ordered[0]?.from ?? 'video';
  if (actualStart === null || actualEnd === null) return { modalities: [], lowestProfile: current };
  const start = actualStart.getTime();
  const end = Math.max(start, actualEnd.getTime());
  const ms = new Map<BandwidthProfile, number>();
  let cursor = start;
  for (const change of ordered) {
    const at = Math.min(end, Math.max(start, change.changedAt.getTime()));
    ms.set(current, (ms.get(current) ?? 0) + (at - cursor));
    current = change.to;
    cursor = at;
  }
  ms.set(current, (ms.get(current) ?? 0) + (end - cursor));
  const modalities = BANDWIDTH_PROFILES.map((profile) => ({
    profile,
    seconds: Math.round((ms.get(profile) ?? 0) / 1000),
  })).filter((m) => m.seconds > 0);
  return { modalities, lowestProfile: modalities.at(-1)?.profile ?? current };
}
