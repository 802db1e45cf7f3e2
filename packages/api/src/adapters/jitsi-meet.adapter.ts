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
 * claim names it. So `createRoom` checks what can be checked without a call (server URL, branding) and
 * returns the room URL; whether the deployment is up or over quota is the health check's answer, asked just
 * before (decision 0010). The real gate is the per-participant JWT from `issueJoinCredentials`.
 */
export interface JitsiMeetAdapterDeps extends JitsiUrlPolicy {
  secretStore: SecretStorePort;
  clock?: Clock;
  /** Clock skew tolerated by prosody when it checks `nbf` (default 60 s before now). */
  notBeforeSkewSeconds?: number;
  /**
   * How long a video token lets its holder connect (default 600 s), never past the join window: prosody checks the
   * token only when a client connects, so a short one bounds how long a removed participant's copy opens the room
   * (decision 0040). The pages ask for a fresh one each time they open the call.
   */
  tokenLifetimeSeconds?: number;
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
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 600;

function jitsiRoom(input: CreateRoomInput, policy: JitsiUrlPolicy): ProvisionedRoom {
  assertJitsiBackend(input.backend);
  const { base } = requireJitsiServerUrl(input.config, policy);
  const branding = checkBranding(input.config);
  if (branding.rejected.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'Tenant branding is not usable (logo must be https, colour a CSS hex colour)',
      { fields: branding.rejected },
    );
  }
  return { roomName: input.roomName, roomUrl: `${base}/${encodeURIComponent(input.roomName)}` };
}

export function createJitsiMeetAdapter(deps: JitsiMeetAdapterDeps): VideoProviderPort & {
  issueJoinCredentials(input: JitsiJoinCredentialsInput): Promise<JoinCredentials>;
} {
  const clock = deps.clock ?? systemClock;
  const skew = deps.notBeforeSkewSeconds ?? 60;
  const lifetimeMs = (deps.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS) * 1000;

  return {
    // No I/O, but the port is asynchronous: a refusal must be a rejection, not a synchronous throw.
    createRoom: (input) => new Promise((resolve) => resolve(jitsiRoom(input, deps))),

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
      const now = clock.now().getTime();
      const nowSeconds = Math.floor(now / 1000);
      const claims = jitsiTokenClaims({
        appId: jitsiJwtAppId,
        jitsiHost: url.hostname,
        roomName: input.roomName,
        userId: input.userId,
        displayName: input.displayName,
        isProvider: input.role === 'provider',
        nowSeconds,
        notBeforeSkewSeconds: skew,
        expiresAt: new Date(Math.min(input.expiresAt.getTime(), now + lifetimeMs)),
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
