/**
 * Tenant branding and the options the web page hands to Jitsi's IFrame API
 * (`new JitsiMeetExternalAPI(domain, { ...options, parentNode })`). Pure and free of server imports so
 * the browser bundle can use it.
 */

export interface TenantBranding {
  brandingLogoUrl: string | null;
  brandingPrimaryColor: string | null;
}

export interface CheckedBranding {
  /** Only values that passed the checks; unusable ones are left out. */
  logoUrl?: string;
  primaryColor?: string;
  /** Field names that failed (empty when all is well); never the values themselves. */
  rejected: Array<'brandingLogoUrl' | 'brandingPrimaryColor'>;
}

/** CSS hex colour: #rgb, #rgba, #rrggbb or #rrggbbaa. Anything else could smuggle CSS into Meet's config. */
const CSS_HEX_COLOUR = /^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;

/** US-007: branding is validated (HTTPS only, CSS hex colour) before it is used in the Meet config. */
export function checkBranding(branding: TenantBranding): CheckedBranding {
  const result: CheckedBranding = { rejected: [] };
  if (branding.brandingLogoUrl !== null) {
    if (isHttpsUrl(branding.brandingLogoUrl)) result.logoUrl = branding.brandingLogoUrl;
    else result.rejected.push('brandingLogoUrl');
  }
  if (branding.brandingPrimaryColor !== null) {
    if (CSS_HEX_COLOUR.test(branding.brandingPrimaryColor))
      result.primaryColor = branding.brandingPrimaryColor;
    else result.rejected.push('brandingPrimaryColor');
  }
  return result;
}

function isHttpsUrl(value: string): boolean {
  if (value.length > 2048) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password;
  } catch {
    return false;
  }
}

export interface JitsiMeetingOptionsInput {
  /** The tenant's Jitsi server URL (https, or http on loopback for the local stand-in). */
  jitsiServerUrl: string;
  roomName: string;
  /** The participant's Jitsi JWT (the `jwt` query parameter of the join URL). */
  jwt?: string;
  displayName?: string;
  branding: TenantBranding;
}

export interface JitsiMeetingOptions {
  /** First argument of `JitsiMeetExternalAPI`: host[:port][/path], without scheme. */
  domain: string;
  /** `src` of the IFrame API script served by that deployment. */
  scriptUrl: string;
  options: {
    roomName: string;
    jwt?: string;
    width: string;
    height: string;
    /** The API builds `https://` URLs unless told otherwise; only the loopback stand-in is plain HTTP. */
    noSSL?: boolean;
    userInfo?: { displayName: string };
    configOverwrite: Record<string, unknown>;
    interfaceConfigOverwrite: Record<string, unknown>;
  };
}

/** Reads the `jwt` query parameter of a join URL made by the Jitsi adapter. */
export function jwtFromJoinUrl(joinUrl: string): string | undefined {
  try {
    return new URL(joinUrl).searchParams.get('jwt') ?? undefined;
  } catch {
    return undefined;
  }
}

export function jitsiMeetingOptions(input: JitsiMeetingOptionsInput): JitsiMeetingOptions {
  const server = new URL(input.jitsiServerUrl);
  const path = server.pathname.replace(/\/+$/, '');
  const branding = checkBranding(input.branding);
  const configOverwrite: Record<string, unknown> = {
    // The waiting room is ours: an admitted participant goes straight into the call, no Jitsi pre-join screen.
    prejoinConfig: { enabled: false },
    prejoinPageEnabled: false, // older Meet releases read this flag instead of prejoinConfig
    disableDeepLinking: true, // stay in the browser; no "open the app" page on mobile
    // The clinician's page finds a removed participant in the call by this name (decision 0040): nobody renames.
    readOnlyName: true,
    enableWelcomePage: false,
    startWithAudioMuted: false,
    startWithVideoMuted: false,
  };
  const interfaceConfigOverwrite: Record<string, unknown> = {
    SHOW_JITSI_WATERMARK: false,
    SHOW_WATERMARK_FOR_GUESTS: false,
    MOBILE_APP_PROMO: false,
  };
  if (branding.primaryColor) interfaceConfigOverwrite.DEFAULT_BACKGROUND = branding.primaryColor;
  if (branding.logoUrl) {
    interfaceConfigOverwrite.DEFAULT_LOGO_URL = branding.logoUrl;
    interfaceConfigOverwrite.SHOW_BRAND_WATERMARK = true;
    interfaceConfigOverwrite.BRAND_WATERMARK_LINK = '';
  }
  const options: JitsiMeetingOptions['options'] = {
    roomName: input.roomName,
    width: '100%',
    height: '100%',
    configOverwrite,
    interfaceConfigOverwrite,
  };
  if (input.jwt) options.jwt = input.jwt;
  if (server.protocol === 'http:') options.noSSL = true;
  if (input.displayName) options.userInfo = { displayName: input.displayName };
  return {
    domain: `${server.host}${path}`,
    scriptUrl: `${server.origin}${path}/external_api.js`,
    options,
  };
}
