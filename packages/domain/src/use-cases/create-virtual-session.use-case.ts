import { DomainError, isDomainError } from '../errors/domain.errors';
import { createAuditEvent } from '../events/audit.events';
import type { ConsentCheckPort } from '../ports/consent-check.port';
import type { LicencePort } from '../ports/licence.port';
import type { RandomPort } from '../ports/random.port';
import type { VideoProviderHealthPort } from '../ports/video-provider-health.port';
import type { ProvisionedRoom, VideoProviderPort } from '../ports/video-provider.port';
import type { TenantVirtualCareConfigRecord } from '../records/tenant-config.record';
import type { VideoBackend } from '../records/virtual-session.record';
import {
  assertNewSessionInput,
  VirtualSession,
  type SessionSnapshot,
} from '../session/virtual-session.aggregate';
import { roomSlug } from '../values/room-slug.value';
import { loadTenantConfig, saveSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface CreateVirtualSessionDeps extends CoreDeps {
  licence: LicencePort;
  consent: ConsentCheckPort;
  videoHealth: VideoProviderHealthPort;
  video: VideoProviderPort;
  random: RandomPort;
}

export interface CreateVirtualSessionCommand {
  tenantId: string;
  nodeId: string;
  patientId: string;
  initiatorId: string;
  appointmentId?: string | null;
  scheduledStart: Date;
  scheduledEnd: Date;
  recordingEnabled?: boolean;
  /** Defaults to the tenant's default backend. */
  videoBackend?: VideoBackend;
}

type Gate = 'telehealth_consent' | 'recording_consent';

/**
 * Licence -> consent (fail closed) -> health check -> room -> save, in the seed's order. Nothing is saved
 * when a step fails; a consent block is audited in its own transaction so the audit survives the failure.
 */
export async function createVirtualSession(
  deps: CreateVirtualSessionDeps,
  command: CreateVirtualSessionCommand,
): Promise<SessionSnapshot> {
  const { tenantId } = command;
  assertNewSessionInput(command);
  const config = await deps.uow.run(tenantId, (scope) => loadTenantConfig(scope, deps.clock.now()));

  if (!(await deps.licence.isVirtualCareLicensed(tenantId))) {
    throw new DomainError('MODULE_NOT_LICENSED', 'Virtual care is not licensed for this tenant', {
      hint: 'tenant_licensing_page',
    });
  }
  const recordingEnabled = command.recordingEnabled ?? false;
  if (recordingEnabled && !config.recordingEnabled) {
    throw new DomainError('VALIDATION_FAILED', 'Recording is disabled by tenant policy', {
      field: 'recordingEnabled',
    });
  }
  await consentGate(deps, command, 'telehealth_consent');
  if (recordingEnabled) await consentGate(deps, command, 'recording_consent');

  const backend = command.videoBackend ?? config.defaultVideoBackend;
  const roomName = roomSlug(config.roomSlugPrefix, deps.random.alphanumeric(8));
  const { room, usedBackend } = await provisionRoom(
    deps,
    command,
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
      scheduledEnd: command.scheduledEnd,
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
  return deps.uow.run(tenantId, (scope) => saveSession(scope, aggregate, [audit]));
}

async function consentGate(
  deps: CreateVirtualSessionDeps,
  command: CreateVirtualSessionCommand,
  gate: Gate,
): Promise<void> {
  const type = gate === 'telehealth_consent' ? 'telehealth' : 'recording';
  let granted: boolean;
  let blocked: DomainError;
  try {
    granted = await deps.consent.hasConsent({
      tenantId: command.tenantId,
      patientId: command.patientId,
      type,
    });
    blocked = new DomainError('CONSENT_REQUIRED', `${type} consent is not on file`, { gate });
  } catch (error) {
    // Fail closed: whatever went wrong, no consent answer means no session.
    granted = false;
    blocked = isDomainError(error, 'CONSENT_SERVICE_UNAVAILABLE')
      ? error
      : new DomainError('CONSENT_SERVICE_UNAVAILABLE', 'The consent service is unavailable', {
          gate,
        });
  }
  if (granted) return;
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
  command: CreateVirtualSessionCommand,
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
      throw new DomainError('VIDEO_PROVIDER_UNAVAILABLE', 'The video backend is unavailable', {
        backend: candidate,
        latencyMs: health.latencyMs,
        reason: health.reason ?? null,
      });
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
