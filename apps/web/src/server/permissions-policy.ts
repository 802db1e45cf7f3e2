/**
 * The Permissions-Policy header. Camera and microphone are ours (the patient's device check) and, on the pages
 * that embed the visit, also the tenant's video origin's: a cross-origin iframe's `allow` can only pass on what
 * the page itself was granted. Nothing is delegated anywhere else.
 */

/** What the video iframe asks for (its `allow` attribute), each granted to the video origin. */
export const VIDEO_FEATURES = [
  'camera',
  'microphone',
  'display-capture',
  'fullscreen',
  'autoplay',
] as const;

/** Never used by any page. */
const DENIED = ['geolocation', 'payment', 'usb'] as const;

/** A URL's origin when it is an http(s) URL, else null (never a value that could break the header). */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

export function permissionsPolicy(videoOrigin: string | null): string {
  const allow = videoOrigin ? `(self "${videoOrigin}")` : '(self)';
  return [
    ...VIDEO_FEATURES.map((feature) =>
      feature === 'display-capture' && !videoOrigin ? `${feature}=()` : `${feature}=${allow}`,
    ),
    ...DENIED.map((feature) => `${feature}=()`),
  ].join(', ');
}
