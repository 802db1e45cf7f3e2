import { DomainError } from '../errors/domain.errors';
import type { TenantVirtualCareConfigRecord } from '../records/tenant-config.record';
import { ROOM_SLUG_PREFIX_PATTERN } from '../values/room-slug.value';
import {
  MAX_AI_TRANSCRIPT_RETENTION_HOURS,
  MIN_PARTICIPANTS,
} from './tenant-config-defaults.value';

export interface ConfigPolicy {
  /** Platform hard limit (20 unless the platform says otherwise). */
  platformMaxParticipants: number;
  /** Hosts a branding logo may come from; `*.example.org` admits subdomains. */
  logoHostAllowlist: readonly string[];
  /** Demo and test deployments only: a video backend on this machine may use plain http (decision 0005). */
  allowLoopbackHttp?: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// The domain has no URL class (no DOM or Node types), so URLs are checked by shape.
const URL_SHAPE = /^([a-z]+):\/\/([^/?#:@\s]+)(?::\d{1,5})?(?:[/?#]\S*)?$/i;
const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/** Host of a URL with the given scheme, lower-cased, or null when the URL has another shape. */
export function hostOf(url: string, scheme: 'https' | 'wss' | 'http'): string | null {
  const match = URL_SHAPE.exec(url);
  if (!match || match[1]?.toLowerCase() !== scheme) return null;
  return (match[2] ?? '').toLowerCase();
}

export function isHexColour(value: string): boolean {
  return HEX_COLOUR.test(value);
}

export function hostAllowed(host: string, allowlist: readonly string[]): boolean {
  return allowlist.some((entry) => {
    const rule = entry.toLowerCase();
    return rule.startsWith('*.') ? host.endsWith(rule.slice(1)) : host === rule;
  });
}

function isAllowedVideoUrl(url: string, policy: ConfigPolicy): boolean {
  if (hostOf(url, 'https') !== null) return true;
  const httpHost = hostOf(url, 'http');
  return policy.allowLoopbackHttp === true && httpHost !== null && LOOPBACK_HOSTS.has(httpHost);
}

type Problem = { field: keyof TenantVirtualCareConfigRecord; reason: string };

function problems(c: TenantVirtualCareConfigRecord, policy: ConfigPolicy): Problem[] {
  const found: Problem[] = [];
  const nonNegativeInt = (n: number) => Number.isInteger(n) && n >= 0;
  if (
    !Number.isInteger(c.maxParticipants) ||
    c.maxParticipants < MIN_PARTICIPANTS ||
    c.maxParticipants > policy.platformMaxParticipants
  ) {
    found.push({
      field: 'maxParticipants',
      reason: `must be between ${MIN_PARTICIPANTS} and ${policy.platformMaxParticipants}`,
    });
  }
  if (c.jitsiServerUrl !== null && !isAllowedVideoUrl(c.jitsiServerUrl, policy)) {
    found.push({ field: 'jitsiServerUrl', reason: 'must be an https URL' });
  }
  if (c.mediasoupWsUrl !== null && hostOf(c.mediasoupWsUrl, 'wss') === null) {
    found.push({ field: 'mediasoupWsUrl', reason: 'must be a wss URL' });
  }
  if (c.brandingLogoUrl !== null) {
    const host = hostOf(c.brandingLogoUrl, 'https');
    if (host === null) found.push({ field: 'brandingLogoUrl', reason: 'must be an https URL' });
    else if (!hostAllowed(host, policy.logoHostAllowlist))
      found.push({ field: 'brandingLogoUrl', reason: 'host is not on the allowlist' });
  }
  if (c.brandingPrimaryColor !== null && !isHexColour(c.brandingPrimaryColor)) {
    found.push({ field: 'brandingPrimaryColor', reason: 'must be a CSS hex colour' });
  }
  if (c.roomSlugPrefix !== null && !ROOM_SLUG_PREFIX_PATTERN.test(c.roomSlugPrefix)) {
    found.push({ field: 'roomSlugPrefix', reason: 'must be 1-32 characters [a-z0-9-]' });
  }
  for (const field of [
    'sessionGraceMinutesBefore',
    'sessionGraceMinutesAfter',
    'graceReconnectSeconds',
  ] as const) {
    if (!nonNegativeInt(c[field])) found.push({ field, reason: 'must be a non-negative integer' });
  }
  if (
    !Number.isInteger(c.aiTranscriptRetentionHours) ||
    c.aiTranscriptRetentionHours < 1 ||
    c.aiTranscriptRetentionHours > MAX_AI_TRANSCRIPT_RETENTION_HOURS
  ) {
    found.push({
      field: 'aiTranscriptRetentionHours',
      reason: `must be between 1 and ${MAX_AI_TRANSCRIPT_RETENTION_HOURS} hours`,
    });
  }
  if (c.fallbackVideoBackend !== null && c.fallbackVideoBackend === c.defaultVideoBackend) {
    found.push({ field: 'fallbackVideoBackend', reason: 'must differ from the default backend' });
  }
  return found;
}

/** Throws VALIDATION_FAILED naming every bad field (names and rules only, never values). */
export function assertValidConfig(
  config: TenantVirtualCareConfigRecord,
  policy: ConfigPolicy,
): void {
  const found = problems(config, policy);
  const first = found[0];
  if (first) {
    throw new DomainError('VALIDATION_FAILED', `Invalid ${first.field}: ${first.reason}`, {
      field: first.field,
      fields: found.map((p) => p.field),
      reasons: found.map((p) => `${p.field}: ${p.reason}`),
    });
  }
}
