/** Fallback tiers, best first: degradation only ever moves right. */
export const BANDWIDTH_PROFILES = ['video', 'audio_only', 'async_text'] as const;
export type BandwidthProfile = (typeof BANDWIDTH_PROFILES)[number];

/** The next lower tier, or null when already at the lowest. */
export function degrade(profile: BandwidthProfile): BandwidthProfile | null {
  return BANDWIDTH_PROFILES[BANDWIDTH_PROFILES.indexOf(profile) + 1] ?? null;
}

export function isLowerTier(candidate: BandwidthProfile, than: BandwidthProfile): boolean {
  return BANDWIDTH_PROFILES.indexOf(candidate) > BANDWIDTH_PROFILES.indexOf(than);
}
