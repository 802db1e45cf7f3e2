import { DomainError, type TenantVirtualCareConfigRecord } from '@virtual-care/domain';
import {
  checkBranding,
  jitsiMeetingOptions,
  jwtFromJoinUrl,
  type JitsiMeetingOptions,
} from '../../adapters/jitsi-meeting-options';

export interface PublicBranding {
  logoUrl: string | null;
  primaryColor: string | null;
}

/** Branding that passed the adapter's checks and, when BRANDING_LOGO_HOSTS is set, comes from an allowed host. */
export function publicBranding(
  config: TenantVirtualCareConfigRecord | null,
  logoHosts: readonly string[],
): PublicBranding {
  if (!config) return { logoUrl: null, primaryColor: null };
  const checked = checkBranding(config);
  const logoAllowed =
    checked.logoUrl !== undefined &&
    (logoHosts.length === 0 || logoHosts.includes(new URL(checked.logoUrl).host.toLowerCase()));
  return {
    logoUrl: logoAllowed ? (checked.logoUrl ?? null) : null,
    primaryColor: checked.primaryColor ?? null,
  };
}

/** The IFrame API options for one participant's video join URL (its `jwt` parameter), with the tenant's branding. */
export function meetingFor(
  config: TenantVirtualCareConfigRecord | null,
  input: {
    roomName: string;
    videoJoinUrl: string;
    displayName: string | null;
    logoHosts: readonly string[];
  },
): JitsiMeetingOptions {
  if (!config?.jitsiServerUrl) {
    throw new DomainError(
      'VIDEO_PROVIDER_UNAVAILABLE',
      'No Jitsi server is configured for this tenant',
      { backend: 'jitsi' },
    );
  }
  const branding = publicBranding(config, input.logoHosts);
  const jwt = jwtFromJoinUrl(input.videoJoinUrl);
  return jitsiMeetingOptions({
    jitsiServerUrl: config.jitsiServerUrl,
    roomName: input.roomName,
    ...(jwt ? { jwt } : {}),
    ...(input.displayName ? { displayName: input.displayName } : {}),
    branding: { brandingLogoUrl: branding.logoUrl, brandingPrimaryColor: branding.primaryColor },
  });
}
