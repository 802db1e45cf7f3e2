import { DomainError, isDomainError } from '../errors/domain.errors';
import { createAuditEvent } from '../events/audit.events';
import type { ConsentCheckPort } from '../ports/consent-check.port';
import type { JoinTokenSignerPort } from '../ports/join-token-signer.port';
import type { LicencePort } from '../ports/licence.port';
import type { RandomPort } from '../ports/random.port';
import type { ConsentType } from '../records/consent.record';
import type { TenantScope } from '../ports/unit-of-work.port';
import type { VideoProviderHealthPort } from '../ports/video-provider-health.port';
import type { ProvisionedRoom, VideoProviderPort } from '../ports/video-provider.port';
import type { TenantVirtualCareConfigRecord } from '../records/tenant-config.record';
import type { VideoBackend } from '../records/virtual-session.record';
import {
  assertNewSessionInput,
  VirtualSession,
  type SessionSnapshot,
} from '../session/virtual-session.aggregate';
import { claimsFor, joinWindow, type JoinToken } from '../values/join-token.value';
import { roomSlug } from '../values/room-slug.value';
import { requireVirtualCareLicence } from './shared/licence-policy.helper';
import { requirePatient } from './shared/patient.helper';
import { loadTenantConfig, saveSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface CreateVirtualSessionDeps extends CoreDeps {
  licence: LicencePort;
  consent: ConsentCheckPort;
  videoHealth: VideoProviderHealthPort;
  video: VideoProviderPort;
  random: RandomPort;
  signer: JoinTokenSignerPort;
}

/** A visit booked without an end lasts this long. */
export const DEFAULT_VISIT_LENGTH_MS = 30 * 60_000;

export interface CreateVirtualSessionCommand {
  tenantId: string;
  nodeId: string;
  patientId: string;
  initiatorId: string;
  appointmentId?: string | null;
  scheduledStart: Date;
  /** Defaults to scheduledStart + DEFAULT_VISIT_LENGTH_MS; must lie in the future. */
  scheduledEnd?: Date | null;
  recordingEnabled?: boolean;
  /** Defaults to the tenant's default backend. */
  videoBackend?: VideoBackend;
}

type Gate = 'telehealth_consent' | 'recording_consent';

/** A consent answer read ahead, or why it could not be read. */
type ConsentAnswer = { granted: boolean } | { failure: unknown };

const consentType = (gate: Gate): ConsentType =>
  gate === 'telehealth_consent' ? 'telehealth' : 'recording';

/** Consent from this service's own records, read in the transaction that loads the config; null when remote. */
async function readConsentWithin(
  deps: CreateVirtualSessionDeps,
  scope: TenantScope,
  command: CreateVirtualSessionCommand,
  gates: readonly Gate[],
): Promise<ConsentAnswer[] | null> {
  const within = deps.consent.hasConsentWithin?.bind(deps.consent);
  if (!within) return null;
  const answers: ConsentAnswer[] = [];
  for (const gate of gates) {
    const query = {
      tenantId: command.tenantId,
      patientId: command.patientId,
      type: consentType(gate),
    };
    answers.push(
      await within(scope, query).then(
        (granted) => ({ granted }),
        (failure: unknown) => ({ failure }),
      ),
    );
  }
  return answers;
}

/** The new session, the tenant config it was created under, and the patient's first join token (to send at once). */
export type CreatedSession = SessionSnapshot & {
  config: TenantVirtualCareConfigRecord;
  patientJoinToken: JoinToken;
};

/** The booked end, or the default length; a session that would already be over is refused. */
function scheduledEndOf(command: CreateVirtualSessionCommand, now: Date): Date {
  const end =
    command.scheduledEnd ?? new Date(command.scheduledStart.getTime() + DEFAULT_VISIT_LENGTH_MS);
  if (end.getTime() <= now.getTime()) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'The session would already be over: scheduledEnd must be in the future',
      { field: 'scheduledEnd' },
    );
  }
  return end;
}

/**
 * Licence -> patient (404 when unknown) -> consent (fail closed) -> health check -> room -> save, in the seed's order. Nothing is saved
 * when a step fails; a consent block is audited in its own transaction so the audit survives the failure.
 */
export async function createVirtualSession(
  deps: CreateVirtualSessionDeps,
  command: CreateVirtualSessionCommand,
): Promise<CreatedSession> {
  const { tenantId } = command;
  const scheduledEnd = scheduledEndOf(command, deps.clock.now());
  assertNewSessionInput({ ...command, scheduledEnd });
  await requireVirtualCareLicence(deps, tenantId);
  const recordingEnabled = command.recordingEnabled ?? false;
  const gates: Gate[] = recordingEnabled
    ? ['telehealth_consent', 'recording_consent']
    : ['telehealth_consent'];
  const { config, answers } = await deps.uow.read(tenantId, async (scope) => {
    // An unknown patient is 404, not a consent refusal: there is no one whose consent could be on file.
    await requirePatient(scope, command.patientId);
    return {
      config: await loadTenantConfig(scope, deps.clock.now()),
      answers: await readConsentWithin(deps, scope, command, gates),
    };
  });
  if (recordingEnabled && !config.recordingEnabled) {
    throw new DomainError('VALIDATION_FAILED', 'Recording is disabled by tenant policy', {
      field: 'recordingEnabled',
    });
  }
  for (const [i, gate] of gates.entries()) await consentGate(deps, command, gate, answers?.[i]);

  const backend = command.videoBackend ?? config.defaultVideoBackend;
  const roomName = roomSlug(config.roomSlugPrefix, deps.random.alphanumeric(8));
  const { room, usedBackend } = await provisionRoom(
    deps,
    { ...command, scheduledEnd },
    config,
    backend,
    roomName,
    recordingEnabled,
  );

  const aggregate = VirtualSession.create(
    deps.ids.next('vsn'),
    {
      tenantId,
      nodeId: command.nodeId,
      patientId: command.patientId,
      appointmentId: command.appointmentId ?? null,
      initiatorId: command.initiatorId,
      videoBackend: usedBackend,
      roomName: room.roomName,
      roomUrl: room.roomUrl,
      scheduledStart: command.scheduledStart,
      scheduledEnd,
      recordingEnabled,
      recordingConsentOnFile: recordingEnabled, // the gate above already proved it
    },
    deps,
  );
  const audit = createAuditEvent(deps, {
    type: 'SESSION_CREATED',
    tenantId,
    actorId: command.initiatorId,
    subjectId: aggregate.id,
    details: { videoBackend: usedBackend, recordingEnabled },
  });
  const saved = await deps.uow.run(tenantId, (scope) => saveSession(scope, aggregate, [audit]));
  return { ...saved, config, patientJoinToken: await patientJoinToken(deps, saved, config) };
}

/**
 * The patient's first token, signed as GetJoinToken would (same claims, the window of the config the session was
 * created under) without reloading the session just written: the hot path saves a transaction.
 */
async function patientJoinToken(
  deps: CreateVirtualSessionDeps,
  { session, participants }: SessionSnapshot,
  config: TenantVirtualCareConfigRecord,
): Promise<JoinToken> {
  const patient = participants.find((p) => p.role === 'patient');
  if (!patient) throw new Error('a new session always has its patient participant');
  const window = joinWindow(session, config);
  const ids = { tenantId: session.tenantId, sessionId: session.id, participantId: patient.id };
  return {
    token: await deps.signer.sign(claimsFor({ ...ids, role: patient.role }, window)),
    expiresAt: window.expiresAt,
    participantId: patient.id,
  };
}

async function consentGate(
  deps: CreateVirtualSessionDeps,
  command: CreateVirtualSessionCommand,
  gate: Gate,
  readAhead: ConsentAnswer | undefined,
): Promise<void> {
  const type = consentType(gate);
  let blocked: DomainError;
  try {
    const answer = readAhead ?? {
      granted: await deps.consent.hasConsent({
        tenantId: command.tenantId,
        patientId: command.patientId,
        type,
      }),
    };
    if ('failure' in answer) throw answer.failure;
    if (answer.granted) return;
    blocked = new DomainError('CONSENT_REQUIRED', `${type} consent is not on file`, { gate });
  } catch (error) {
    // Fail closed: whatever went wrong, no consent answer means no session.
    blocked = isDomainError(error, 'CONSENT_SERVICE_UNAVAILABLE')
      ? error
      : new DomainError('CONSENT_SERVICE_UNAVAILABLE', 'The consent service is unavailable', {
          gate,
        });
  }
  const audit = createAuditEvent(deps, {
    type: 'CONSENT_GATE_BLOCKED',
    tenantId: command.tenantId,
    actorId: command.initiatorId,
    subjectId: command.patientId,
    details: { gate, reason: blocked.code },
  });
  await deps.uow.run(command.tenantId, (scope) => scope.outbox.append([audit]));
  throw blocked;
}

async function provisionRoom(
  deps: CreateVirtualSessionDeps,
  command: CreateVirtualSessionCommand & { scheduledEnd: Date },
  config: TenantVirtualCareConfigRecord,
  backend: VideoBackend,
  roomName: string,
  recordingEnabled: boolean,
): Promise<{ room: ProvisionedRoom; usedBackend: VideoBackend }> {
  const attempt = async (candidate: VideoBackend): Promise<ProvisionedRoom> => {
    const health = await deps.videoHealth.check({
      tenantId: command.tenantId,
      backend: candidate,
      config,
    });
    if (!health.healthy) {
      const details = {
        backend: candidate,
        latencyMs: health.latencyMs,
        reason: health.reason ?? null,
      };
      throw health.quotaExceeded
        ? new DomainError('PROVIDER_QUOTA_EXCEEDED', 'The video backend is over quota', details)
        : new DomainError(
            'VIDEO_PROVIDER_UNAVAILABLE',
            'The video backend is unavailable',
            details,
          );
    }
    return deps.video.createRoom({
      tenantId: command.tenantId,
      backend: candidate,
      roomName,
      scheduledStart: command.scheduledStart,
      scheduledEnd: command.scheduledEnd,
      recordingEnabled,
      config,
    });
  };
  try {
    return { room: await attempt(backend), usedBackend: backend };
  } catch (error) {
    const fallback = config.fallbackVideoBackend;
    if (
      !isDomainError(error, 'PROVIDER_QUOTA_EXCEEDED') ||
      fallback === null ||
      fallback === backend
    )
      throw error;
    return { room: await attempt(fallback), usedBackend: fallback };
  }
}
