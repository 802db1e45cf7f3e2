import { SignJWT } from 'jose';
import {
  DomainError,
  type Clock,
  type CreateRoomInput,
  type JoinCredentials,
  type JoinCredentialsInput,
  type ProvisionedRoom,
  type SecretStorePort,
  type VideoProviderPort,
} from '@virtual-care/domain';
import { describeFetchError, fetchWithTimeout, type FetchLike } from './http-timeout';
import { checkBranding } from './jitsi-meeting-options';
import { assertJitsiBackend, requireJitsiServerUrl, type JitsiUrlPolicy } from './jitsi-server-url';

export { checkBranding, jitsiMeetingOptions, jwtFromJoinUrl } from './jitsi-meeting-options';
export type {
  CheckedBranding,
  JitsiMeetingOptions,
  JitsiMeetingOptionsInput,
  TenantBranding,
} from './jitsi-meeting-options';

/**
 * VideoProviderPort for a self-hosted Jitsi Meet deployment with prosody token auth (see
 * docs/decisions/0004-video-backend-adapters.md).
 *
 * Jitsi has no room-provisioning API: a room exists once someone joins it with a token whose `room`
 * claim names it. So `createRoom` checks what can be checked up front (server URL, branding, the room
 * page is served and no quota blocks it) and returns the room URL; the real gate is the per-participant
 * JWT from `issueJoinCredentials`.
 */
export interface JitsiMeetAdapterDeps extends JitsiUrlPolicy {
  secretStore: SecretStorePort;
  clock?: Clock;
  fetch?: FetchLike;
  /** Deadline for the room-page probe in `createRoom` (default 3 s). */
  timeoutMs?: number;
  /** Clock skew tolerated by prosody when it checks `nbf` (default 60 s before now). */
  notBeforeSkewSeconds?: number;
}

/** Extra, optional input the port does not carry yet: the name Jitsi shows for the participant. */
export interface JitsiJoinCredentialsInput extends JoinCredentialsInput {
  displayName?: string;
}

export interface JitsiTokenClaims {
  aud: 'jitsi';
  iss: string;
  sub: string;
  room: string;
  iat: number;
  nbf: number;
  exp: number;
  context: {
    user: { id: string; name?: string; moderator: boolean; affiliation: 'owner' | 'member' };
  };
}

const systemClock: Clock = { now: () => new Date() };

export function createJitsiMeetAdapter(deps: JitsiMeetAdapterDeps): VideoProviderPort & {
  issueJoinCredentials(input: JitsiJoinCredentialsInput): Promise<JoinCredentials>;
} {
  const clock = deps.clock ?? systemClock;
  const fetchImpl: FetchLike = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 3000;
  const skew = deps.notBeforeSkewSeconds ?? 60;

  return {
    async createRoom(input: CreateRoomInput): Promise<ProvisionedRoom> {
      assertJitsiBackend(input.backend);
      const { base } = requireJitsiServerUrl(input.config, deps);
      const branding = checkBranding(input.config);
      if (branding.rejected.length > 0) {
        throw new DomainError(
          'VALIDATION_FAILED',
          'Tenant branding is not usable (logo must be https, colour a CSS hex colour)',
          {
            fields: branding.rejected,
          },
        );
      }
      const roomUrl = `${base}/${encodeURIComponent(input.roomName)}`;
      await probeRoomPage(fetchImpl, roomUrl, timeoutMs);
      return { roomName: input.roomName, roomUrl };
    },

    async issueJoinCredentials(input: JitsiJoinCredentialsInput): Promise<JoinCredentials> {
      assertJitsiBackend(input.backend);
      const { url } = requireJitsiServerUrl(input.config, deps);
      const { jitsiJwtAppId, jitsiJwtSecretEncrypted } = input.config;
      if (!jitsiJwtAppId || !jitsiJwtSecretEncrypted) {
        throw new DomainError(
          'VIDEO_PROVIDER_UNAVAILABLE',
          'Jitsi JWT credentials (app id and secret) are not configured for this tenant',
          {
            backend: 'jitsi',
          },
        );
      }
      const secret = await deps.secretStore.decrypt(input.tenantId, jitsiJwtSecretEncrypted);
      const nowSeconds = Math.floor(clock.now().getTime() / 1000);
      const claims = jitsiTokenClaims({
        appId: jitsiJwtAppId,
        jitsiHost: url.hostname,
        roomName: input.roomName,
        userId: input.userId,
        displayName: input.displayName,
        isProvider: input.role === 'provider',
        nowSeconds,
        notBeforeSkewSeconds: skew,
        expiresAt: input.expiresAt,
      });
      const jwt = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode(secret));
      const joinUrl = new URL(input.roomUrl);
      joinUrl.searchParams.set('jwt', jwt);
      return { joinUrl: joinUrl.toString(), expiresAt: new Date(claims.exp * 1000) };
    },
  };
}

/** The claims a prosody `token` auth host and its `token_verification` MUC module check. */
export function jitsiTokenClaims(input: {
  appId: string;
  jitsiHost: string;
  roomName: string;
  userId: string;
  displayName?: string | undefined;
  isProvider: boolean;
  nowSeconds: number;
  notBeforeSkewSeconds: number;
  expiresAt: Date;
}): JitsiTokenClaims {
  const user: JitsiTokenClaims['context']['user'] = {
    id: input.userId,
    // Only providers moderate (mute others, end the meeting); affiliation is what moderation plugins read.
    moderator: input.isProvider,
    affiliation: input.isProvider ? 'owner' : 'member',
  };
  if (input.displayName) user.name = input.displayName;
  return {
    aud: 'jitsi',
    iss: input.appId,
    // prosody compares `sub` with the deployment's domain (lower case) for /ROOM URLs.
    sub: input.jitsiHost.toLowerCase(),
    room: input.roomName,
    iat: input.nowSeconds,
    nbf: input.nowSeconds - input.notBeforeSkewSeconds,
    exp: Math.floor(input.expiresAt.getTime() / 1000),
    context: { user },
  };
}

/**
 * Jitsi answers quota limits (JaaS, or a rate-limiting proxy in front of a self-hosted deployment) with
 * 429, or with an error body naming a quota; both mean PROVIDER_QUOTA_EXCEEDED so the caller can try the
 * secondary backend.
 */
export function isQuotaResponse(status: number, body: string): boolean {
  if (status === 429) return true;
  if (status < 400) return false;
  return /quota|rate[ _-]?limit|too many/i.test(body.slice(0, 2000));
}

async function probeRoomPage(
  fetchImpl: FetchLike,
  roomUrl: string,
  timeoutMs: number,
): Promise<void> {
  let response: Response;
  try {
    response = await fetchWithTimeout(
      fetchImpl,
      roomUrl,
      { method: 'GET', redirect: 'manual' },
      timeoutMs,
    );
  } catch (error) {
    throw new DomainError(
      'VIDEO_PROVIDER_UNAVAILABLE',
      `Jitsi did not answer: ${describeFetchError(error)}`,
      { backend: 'jitsi' },
    );
  }
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const body = await response.text().catch(() => '');
  if (isQuotaResponse(response.status, body)) {
    throw new DomainError(
      'PROVIDER_QUOTA_EXCEEDED',
      'The Jitsi deployment refused a new room: quota exceeded',
      {
        backend: 'jitsi',
        status: response.status,
      },
    );
  }
  throw new DomainError('VIDEO_PROVIDER_UNAVAILABLE', `Jitsi answered HTTP ${response.status}`, {
    backend: 'jitsi',
    status: response.status,
  });
}
