/**
 * The Content-Security-Policy of every page, built per request (decision 0041). Scripts run only with the
 * request's nonce (Next.js puts it on its own scripts) or when a nonced script loads them ('strict-dynamic':
 * the Jitsi loader's external_api.js); the one outside origin a page may frame or take scripts from is the
 * tenant's video server. Browsers that predate 'strict-dynamic' read the host list instead, so the video origin
 * is listed in script-src too.
 */

/** Where browsers send violation reports (app/api/csp-reports/route.ts). */
export const CSP_REPORT_PATH = '/api/csp-reports';

export interface PagePolicyOptions {
  nonce: string;
  /** The tenant's video server (the Jitsi deployment, or the local stand-in), when the page embeds the visit. */
  videoOrigin: string | null;
  /** The public base URL is https: plain http subresources are upgraded. */
  https: boolean;
  /** `next dev` evaluates its modules with eval; a production build never does. */
  development: boolean;
  /** The build's stylesheets, written into the page without a nonce: their `'sha256-…'` (stylesheet-hashes.ts). */
  stylesheetHashes: readonly string[];
}

export function pagePolicy({
  nonce,
  videoOrigin,
  https,
  development,
  stylesheetHashes,
}: PagePolicyOptions): string {
  const video = videoOrigin ? [videoOrigin] : [];
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': [
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...video,
      ...(development ? ["'unsafe-eval'"] : []),
    ],
    // <style> elements need the nonce or are the build's own stylesheets; style attributes cannot select or load
    // anything, and React writes them.
    'style-src': ["'self'", `'nonce-${nonce}'`, ...stylesheetHashes],
    'style-src-attr': ["'unsafe-inline'"],
    // A tenant's logo may be on any https host (branding); photos are shown from blob: previews.
    'img-src': ["'self'", 'data:', 'blob:', 'https:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'media-src': ["'self'", 'blob:'],
    'frame-src': video.length > 0 ? video : ["'none'"],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'report-uri': [CSP_REPORT_PATH],
  };
  const policy = Object.entries(directives).map(([name, values]) => `${name} ${values.join(' ')}`);
  if (https) policy.push('upgrade-insecure-requests');
  return policy.join('; ');
}

/** 128 random bits, base64: unguessable, and new for every response. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
