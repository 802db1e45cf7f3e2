import { DomainError } from '../errors/domain.errors';
import {
  createDomainEvent,
  type DomainEvent,
  type DomainEventPayloads,
  type DomainEventType,
} from '../events/domain.events';
import { OPEN_SESSION_STATUSES, SESSION_TRANSITIONS } from '../machines/virtual-session.machine';
import {
  CONNECTED_STATUSES,
  IN_ROOM_STATUSES,
  PARTICIPANT_TRANSITIONS,
} from '../machines/session-participant.machine';
import { assertTransition } from '../machines/transition.machine';
import type { Clock } from '../ports/clock.port';
import type { IdGenerator } from '../ports/id-generator.port';
import type {
  ParticipantRole,
  ParticipantStatus,
  VirtualSessionParticipantRecord,
} from '../records/session-participant.record';
import type {
  EncounterRejection,
  SessionStatus,
  VideoBackend,
  VirtualSessionRecord,
} from '../records/virtual-session.record';
import { isLowerTier, type BandwidthProfile } from '../values/bandwidth-profile.value';
import { modalityBreakdown, type ModalityBreakdown } from '../values/modality-durations.value';
import type { DeviceCheck } from '../values/device-check.value';

export interface AggregateContext {
  clock: Clock;
  ids: IdGenerator;
}

export interface SessionSnapshot {
  session: VirtualSessionRecord;
  participants: VirtualSessionParticipantRecord[];
}

export interface NewSessionInput {
  tenantId: string;
  nodeId: string;
  patientId: string;
  appointmentId: string | null;
  initiatorId: string;
  videoBackend: VideoBackend;
  roomName: string;
  roomUrl: string;
  scheduledStart: Date;
  scheduledEnd: Date;
  recordingEnabled: boolean;
  /** The recording gate is an invariant of the aggregate, so the caller must state what it found. */
  recordingConsentOnFile: boolean;
}

export type JoinDestination = 'waiting_room' | 'direct_join';

/** What a heartbeat did. */
export interface HeartbeatOutcome {
  participant: VirtualSessionParticipantRecord;
  /**
   * True when the participant's status moved (admitted -> active, a reconnect from disconnected): a transition,
   * saved like any other command with a version bump. False for a plain presence refresh: nothing but
   * `lastSeenAt` changed, the version did not move, and the change is not among `changedParticipants()`;
   * persist it with `SessionParticipantRepository.touchPresence(participant.id, seenAt, participant.status)`.
   */
  transitioned: boolean;
  seenAt: Date;
}

/** Providers go straight into the room; everyone else waits to be admitted. */
function destinationFor(role: ParticipantRole): JoinDestination {
  return role === 'provider' ? 'direct_join' : 'waiting_room';
}

/** Someone already in the room goes straight back in; anyone else by their role. */
function destinationNow(p: VirtualSessionParticipantRecord): JoinDestination {
  return IN_ROOM_STATUSES.includes(p.status) ? 'direct_join' : destinationFor(p.role);
}

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;

/** Why a session whose patient never came was cancelled (recorded on the session and in session.cancelled.v1). */
export const NO_SHOW_REASON = 'no_show';
/** Who cancels a no-show when no person does: the worker's sweep. */
export const SYSTEM_ACTOR = 'system';
/** Running late: whole minutes, up to a clinic half-day. */
export const MAX_RUNNING_LATE_MINUTES = 240;

/** The participant statuses a heartbeat only refreshes (lastSeenAt, no transition): see `heartbeat`. */
export const PRESENCE_ONLY_STATUSES: readonly ParticipantStatus[] = ['waiting', 'active'];

/** Checked before any outside call too, so a bad request never provisions a room. */
export function assertNewSessionInput(input: {
  patientId: string;
  scheduledStart: Date;
  scheduledEnd: Date;
}): void {
  if (input.patientId.trim() === '') {
    throw new DomainError('VALIDATION_FAILED', 'A session needs a patient', { field: 'patientId' });
  }
  if (input.scheduledEnd.getTime() <= input.scheduledStart.getTime()) {
    throw new DomainError('VALIDATION_FAILED', 'scheduledEnd must be after scheduledStart', {
      field: 'scheduledEnd',
    });
  }
}

/**
 * The VirtualSession aggregate with its SessionParticipant entities. Every command that changes state
 * bumps `version` exactly once and collects its events; `expectedVersion` is what the repository must
 * still hold for the write to succeed. The one exception is presence: a heartbeat that moves no status
 * only refreshes `lastSeenAt`, is not a transition and leaves `version` alone (see `heartbeat`).
 */
export class VirtualSession {
  private events: DomainEvent[] = [];
  private changedParticipantIds = new Set<string>();

  private constructor(
    private session: VirtualSessionRecord,
    private participants: VirtualSessionParticipantRecord[],
    private readonly ctx: AggregateContext,
    readonly expectedVersion: number | null,
  ) {}

  static create(id: string, input: NewSessionInput, ctx: AggregateContext): VirtualSession {
    assertNewSessionInput(input);
    if (input.recordingEnabled && !input.recordingConsentOnFile) {
      throw new DomainError('CONSENT_REQUIRED', 'Recording consent is not on file', {
        gate: 'recording_consent',
      });
    }
    const now = ctx.clock.now();
    const session: VirtualSessionRecord = {
      id,
      tenantId: input.tenantId,
      nodeId: input.nodeId,
      patientId: input.patientId,
      appointmentId: input.appointmentId,
      encounterId: null,
      initiatorId: input.initiatorId,
      videoBackend: input.videoBackend,
      roomName: input.roomName,
      roomUrl: input.roomUrl,
      status: 'scheduled',
      scheduledStart: input.scheduledStart,
      scheduledEnd: input.scheduledEnd,
      actualStart: null,
      actualEnd: null,
      recordingEnabled: input.recordingEnabled,
      recordingRef: null,
      failureReason: null,
      cancellationReason: null,
      runningLateMinutes: null,
      messagingThreadId: null,
      bandwidthProfile: 'video',
      bandwidthChanges: [],
      encounterRejection: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const aggregate = new VirtualSession(session, [], ctx, null);
    aggregate.addParticipant(input.initiatorId, 'provider');
    aggregate.addParticipant(input.patientId, 'patient');
    aggregate.raise('virtual_care.session.created.v1', {
      sessionId: id,
      patientId: input.patientId,
      initiatorId: input.initiatorId,
      appointmentId: input.appointmentId,
      videoBackend: input.videoBackend,
      roomName: input.roomName,
      scheduledStart: input.scheduledStart.toISOString(),
      scheduledEnd: input.scheduledEnd.toISOString(),
      recordingEnabled: input.recordingEnabled,
    });
    return aggregate;
  }

  static rehydrate(snapshot: SessionSnapshot, ctx: AggregateContext): VirtualSession {
    return new VirtualSession(
      copySession(snapshot.session),
      snapshot.participants.map((p) => ({ ...p })),
      ctx,
      snapshot.session.version,
    );
  }

  get id(): string {
    return this.session.id;
  }

  get status(): SessionStatus {
    return this.session.status;
  }

  get version(): number {
    return this.session.version;
  }

  snapshot(): SessionSnapshot {
    return {
      session: copySession(this.session),
      participants: this.participants.map((p) => ({ ...p })),
    };
  }

  participant(participantId: string): VirtualSessionParticipantRecord {
    const found = this.participants.find((p) => p.id === participantId);
    if (!found) throw new DomainError('NOT_FOUND', 'Participant not found', { participantId });
    return { ...found };
  }

  /** Participants touched since load, for the upsert. */
  changedParticipants(): VirtualSessionParticipantRecord[] {
    return this.participants
      .filter((p) => this.changedParticipantIds.has(p.id))
      .map((p) => ({ ...p }));
  }

  /** True until the first save of a freshly created session. */
  get isUnsaved(): boolean {
    return this.expectedVersion === null;
  }

  pullEvents(): DomainEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  // ---- commands ------------------------------------------------------------

  /** Adds someone to the session (interpreter, observer, a replacement patient). Idempotent per user and role. */
  invite(
    userId: string,
    role: ParticipantRole,
    maxParticipants: number,
  ): VirtualSessionParticipantRecord {
    this.assertOpen();
    const present = this.participants.filter((p) => p.status !== 'removed');
    const existing = present.find((p) => p.userId === userId && p.role === role);
    if (existing) return { ...existing };
    if (role === 'patient' && present.some((p) => p.role === 'patient')) {
      throw new DomainError('PATIENT_ALREADY_IN_SESSION', 'The session already has a patient');
    }
    if (present.length >= maxParticipants) {
      throw new DomainError(
        'MAX_PARTICIPANTS_EXCEEDED',
        'The tenant participant limit is reached',
        { maxParticipants },
      );
    }
    const added = this.addParticipant(userId, role);
    this.bump();
    return { ...added };
  }

  /**
   * A participant presented a valid token. Returns where they go. `deviceCheck`, when given, is what their device
   * check just found (kept for the clinician's waiting card; a later join without one keeps the last).
   */
  join(
    participantId: string,
    graceReconnectSeconds: number,
    deviceCheck?: DeviceCheck,
  ): { participant: VirtualSessionParticipantRecord; destination: JoinDestination } {
    this.assertOpen();
    const p = this.mustFindActiveMember(participantId);
    const now = this.ctx.clock.now();
    if (deviceCheck) p.deviceCheck = { ...deviceCheck };
    const target = this.joinTarget(p, now, graceReconnectSeconds);
    if (target !== p.status) {
      this.moveParticipant(p, target);
      if (target === 'active') p.joinedAt ??= now;
      p.leftAt = null;
      this.raise('virtual_care.session.participant.joined.v1', {
        sessionId: this.session.id,
        participantId: p.id,
        userId: p.userId,
        role: p.role,
        participantStatus: target,
      });
    }
    if (this.session.status === 'scheduled') this.moveSession('waiting');
    p.lastSeenAt = now;
    this.changedParticipantIds.add(p.id);
    this.bump();
    return { participant: { ...p }, destination: destinationNow(p) };
  }

  /** Where a participant's token leads now, without joining; refuses a closed session and a removed participant. */
  whereTo(participantId: string): {
    participant: VirtualSessionParticipantRecord;
    destination: JoinDestination;
  } {
    this.assertOpen();
    const p = this.mustFindActiveMember(participantId);
    return { participant: { ...p }, destination: destinationNow(p) };
  }

  /** Provider admits someone from the waiting room; the first admit starts the session. */
  admit(participantId: string, actorId: string): VirtualSessionParticipantRecord {
    if (this.session.status !== 'waiting' && this.session.status !== 'active') {
      throw new DomainError(
        'INVALID_STATUS_TRANSITION',
        'Participants can be admitted only while the session is open',
        {
          currentStatus: this.session.status,
        },
      );
    }
    const p = this.mustFind(participantId);
    if (p.status !== 'waiting') {
      throw new DomainError(
        'PARTICIPANT_NOT_IN_WAITING_ROOM',
        'Participant is not in the waiting room',
        { currentStatus: p.status },
      );
    }
    if (
      !this.participants.some((q) => q.role === 'provider' && IN_ROOM_STATUSES.includes(q.status))
    ) {
      throw new DomainError(
        'PROVIDER_NOT_PRESENT',
        'A provider must be in the session before admitting',
      );
    }
    const now = this.ctx.clock.now();
    this.moveParticipant(p, 'admitted');
    p.joinedAt ??= now;
    this.raise('virtual_care.session.participant.admitted.v1', {
      sessionId: this.session.id,
      participantId: p.id,
      role: p.role,
      actorId,
      admittedAt: now.toISOString(),
    });
    if (this.session.status === 'waiting') {
      this.moveSession('active');
      this.session.actualStart = now;
      this.raise('virtual_care.session.started.v1', {
        sessionId: this.session.id,
        startedAt: now.toISOString(),
        admittedBy: actorId,
      });
    }
    this.bump();
    return { ...p };
  }

  remove(participantId: string, actorId: string, reason: string): VirtualSessionParticipantRecord {
    this.assertOpen();
    const p = this.mustFind(participantId);
    const now = this.ctx.clock.now();
    const wasConnected = CONNECTED_STATUSES.includes(p.status);
    this.moveParticipant(p, 'removed');
    p.removedAt = now;
    p.removedReason = reason;
    if (wasConnected) p.leftAt = now;
    this.raise('virtual_care.session.participant.removed.v1', {
      sessionId: this.session.id,
      participantId: p.id,
      role: p.role,
      actorId,
      reason,
      removedAt: now.toISOString(),
    });
    this.bump();
    return { ...p };
  }

  /**
   * Presence signal: refreshes lastSeenAt, moves admitted -> active, reconnects a disconnected participant within
   * grace. Only those moves are transitions (version bump, participant saved); a heartbeat that changes no status
   * refreshes lastSeenAt alone and reports `transitioned: false`, so polling clients do not invalidate everyone's
   * `expectedVersion` every few seconds.
   */
  heartbeat(participantId: string, graceReconnectSeconds: number): HeartbeatOutcome {
    this.assertOpen();
    const p = this.mustFindActiveMember(participantId);
    const now = this.ctx.clock.now();
    if (p.status === 'invited') {
      throw new DomainError('INVALID_STATUS_TRANSITION', 'Join before sending heartbeats', {
        currentStatus: p.status,
      });
    }
    if (p.status === 'disconnected') {
      if (!withinGrace(p, now, graceReconnectSeconds)) {
        throw new DomainError(
          'INVALID_STATUS_TRANSITION',
          'Grace reconnect window has passed; join again',
          {
            currentStatus: p.status,
            reason: 'grace_expired',
          },
        );
      }
      this.moveParticipant(p, p.joinedAt === null ? 'waiting' : 'active');
      p.leftAt = null;
    } else if (p.status === 'admitted') {
      this.moveParticipant(p, 'active');
    } else {
      // waiting or active (PRESENCE_ONLY_STATUSES): presence only.
      p.lastSeenAt = now;
      return { participant: { ...p }, transitioned: false, seenAt: now };
    }
    p.lastSeenAt = now;
    this.bump();
    return { participant: { ...p }, transitioned: true, seenAt: now };
  }

  /**
   * Marks participants silent for longer than the heartbeat timeout as disconnected, then fails an active
   * session whose patient or providers stayed away past the grace window. Returns what changed.
   */
  sweep(
    heartbeatTimeoutSeconds: number,
    graceReconnectSeconds: number,
  ): { disconnected: string[]; failed: boolean } {
    const now = this.ctx.clock.now();
    const disconnected: string[] = [];
    if (OPEN_SESSION_STATUSES.includes(this.session.status)) {
      for (const p of this.participants) {
        const seen = p.lastSeenAt ?? p.joinedAt;
        if (!CONNECTED_STATUSES.includes(p.status) || seen === null) continue;
        if (now.getTime() - seen.getTime() < heartbeatTimeoutSeconds * SECOND_MS) continue;
        this.moveParticipant(p, 'disconnected');
        // They left when they were last heard from: the grace window counts from the connection's loss, not
        // from when the sweep noticed it.
        p.leftAt = seen;
        disconnected.push(p.id);
      }
    }
    const failed =
      this.session.status === 'active' && this.graceExpired(now, graceReconnectSeconds);
    if (failed) this.markFailed('grace_reconnect_expired');
    if (disconnected.length > 0 || failed) this.bump();
    return { disconnected, failed };
  }

  /** Failed only from active, and only once the grace reconnect window has expired. */
  fail(reason: string, graceReconnectSeconds: number): void {
    assertTransition(SESSION_TRANSITIONS, this.session.status, 'failed', 'session');
    if (!this.graceExpired(this.ctx.clock.now(), graceReconnectSeconds)) {
      throw new DomainError(
        'INVALID_STATUS_TRANSITION',
        'The grace reconnect window has not expired',
        {
          currentStatus: this.session.status,
          reason: 'grace_not_expired',
        },
      );
    }
    this.markFailed(reason);
    this.bump();
  }

  /**
   * Idempotent: ending an ended session changes nothing and returns false. Ends an active visit, or a failed one
   * that continued in messages (the clinician closes the thread's consultation).
   */
  end(actorId: string): boolean {
    if (this.session.status === 'ended') return false;
    if (this.session.status === 'failed' && this.session.messagingThreadId === null) {
      throw new DomainError('INVALID_STATUS_TRANSITION', 'A failed visit ends only from messages', {
        currentStatus: this.session.status,
        reason: 'failed_without_messaging',
      });
    }
    this.moveSession('ended');
    const now = this.ctx.clock.now();
    this.session.actualEnd = now;
    this.everyoneLeaves(now);
    this.raise('virtual_care.session.ended.v1', {
      sessionId: this.session.id,
      patientId: this.session.patientId,
      endedBy: actorId,
      endedAt: now.toISOString(),
      durationSeconds: this.durationSeconds(),
      recordingRef: this.session.recordingRef,
    });
    this.bump();
    return true;
  }

  cancel(actorId: string, reason: string): void {
    const previousStatus = this.session.status;
    this.moveSession('cancelled');
    this.session.cancellationReason = reason;
    this.everyoneLeaves(this.ctx.clock.now());
    this.raise('virtual_care.session.cancelled.v1', {
      sessionId: this.session.id,
      cancelledBy: actorId,
      reason,
      previousStatus,
    });
    this.bump();
  }

  /**
   * The clinician tells the patient waiting for this visit that they are running about `minutes` late (null takes
   * it back). Only before the visit has started: once it is active, nobody is waiting for it any more.
   */
  reportRunningLate(minutes: number | null): void {
    if (this.session.status !== 'scheduled' && this.session.status !== 'waiting') {
      throw new DomainError(
        'INVALID_STATUS_TRANSITION',
        'Running late applies only to a visit that has not started',
        { currentStatus: this.session.status },
      );
    }
    if (
      minutes !== null &&
      (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_RUNNING_LATE_MINUTES)
    ) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `Running late is a whole number of minutes from 1 to ${MAX_RUNNING_LATE_MINUTES}`,
        { field: 'minutes' },
      );
    }
    if (this.session.runningLateMinutes === minutes) return;
    this.session.runningLateMinutes = minutes;
    this.bump();
  }

  /** A visit whose patient never came, once the tenant's grace window after the scheduled start has passed. */
  isNoShow(now: Date, graceMinutesAfterStart: number): boolean {
    // The live records, not a snapshot's copies: the sweep asks this of every open session on each pass.
    const due = noShowDueAt(
      { session: this.session, participants: this.participants },
      graceMinutesAfterStart,
    );
    return due !== null && now.getTime() >= due.getTime();
  }

  /** Cancels a no-show (reason `no_show`); refuses a visit whose patient came or whose grace window is still open. */
  markNoShow(actorId: string, graceMinutesAfterStart: number): void {
    if (!this.isNoShow(this.ctx.clock.now(), graceMinutesAfterStart)) {
      throw new DomainError(
        'INVALID_STATUS_TRANSITION',
        'Only a visit whose patient never came, after the grace window, is a no-show',
        { currentStatus: this.session.status, reason: 'not_a_no_show' },
      );
    }
    this.cancel(actorId, NO_SHOW_REASON);
  }

  /** Stores the Encounter id of an ended session and makes it chargeable. Repeating the same id is a no-op. */
  recordEncounter(encounterId: string): boolean {
    if (this.session.status !== 'ended') {
      throw new DomainError('INVALID_STATUS_TRANSITION', 'Only an ended session has an Encounter', {
        currentStatus: this.session.status,
      });
    }
    if (this.session.encounterId === encounterId) return false;
    if (this.session.encounterId !== null) {
      throw new DomainError('VALIDATION_FAILED', 'The session already has a different Encounter', {
        field: 'encounterId',
      });
    }
    this.session.encounterId = encounterId;
    this.session.encounterRejection = null;
    this.raise('virtual_care.billing.session_chargeable.v1', {
      sessionId: this.session.id,
      durationSeconds: this.durationSeconds(),
      patientId: this.session.patientId,
      encounterId,
      ...this.modalities(),
    });
    this.bump();
    return true;
  }

  /**
   * The FHIR server refused this session's Encounter for good: kept, with its OperationOutcome, for the clinician
   * to see, and the retry job leaves the session alone. Nothing is billed. False when there is nothing to record:
   * an Encounter exists after all, or a refusal is already kept (the first one stands).
   */
  recordEncounterRejection(rejection: EncounterRejection): boolean {
    if (this.session.status !== 'ended') {
      throw new DomainError('INVALID_STATUS_TRANSITION', 'Only an ended session has an Encounter', {
        currentStatus: this.session.status,
      });
    }
    if (this.session.encounterId !== null || this.session.encounterRejection !== null) return false;
    this.session.encounterRejection = rejection;
    this.bump();
    return true;
  }

  /**
   * Jibri reported a finished recording. The same reference again is a no-op; another one is refused, so a stored
   * recording is never replaced.
   */
  attachRecording(recordingRef: string): boolean {
    if (this.session.recordingRef !== null && this.session.recordingRef !== recordingRef) {
      throw new DomainError(
        'INVALID_STATUS_TRANSITION',
        'The session already has a different recording',
        { currentStatus: this.session.status, reason: 'recording_already_ingested' },
      );
    }
    if (!this.session.recordingEnabled) {
      throw new DomainError('VALIDATION_FAILED', 'Recording is not enabled for this session', {
        field: 'recordingRef',
      });
    }
    if (this.session.status !== 'active' && this.session.status !== 'ended') {
      throw new DomainError(
        'INVALID_STATUS_TRANSITION',
        'Recordings attach to active or ended sessions',
        { currentStatus: this.session.status },
      );
    }
    if (this.session.recordingRef === recordingRef) return false;
    this.session.recordingRef = recordingRef;
    this.raise('virtual_care.recording.ingested.v1', { sessionId: this.session.id, recordingRef });
    this.bump();
    return true;
  }

  /** Throws unless the async messaging fallback may start (active or failed sessions only). */
  assertCanFallback(): void {
    if (this.session.status !== 'active' && this.session.status !== 'failed') {
      throw new DomainError(
        'INVALID_STATUS_TRANSITION',
        'Fallback needs an active or failed session',
        { currentStatus: this.session.status },
      );
    }
  }

  /**
   * Links the messaging thread and moves the visit to `async_text`; a second call keeps the first thread and
   * returns false.
   */
  initiateFallback(messagingThreadId: string, actorId: string): boolean {
    this.assertCanFallback();
    if (this.session.messagingThreadId !== null) return false;
    this.session.messagingThreadId = messagingThreadId;
    this.recordBandwidthProfile('async_text', actorId);
    this.raise('virtual_care.session.fallback.initiated.v1', {
      sessionId: this.session.id,
      messagingThreadId,
      initiatedBy: actorId,
      sessionStatus: this.session.status,
      profile: 'async_text',
    });
    this.bump();
    return true;
  }

  /**
   * Records that the fallback was asked for while communication-service could not open the thread, for the worker
   * to retry. The session itself stays as it was (no version bump); once a thread is linked there is nothing to
   * retry and this returns false.
   */
  requestFallback(actorId: string): boolean {
    this.assertCanFallback();
    if (this.session.messagingThreadId !== null) return false;
    this.raise('virtual_care.session.fallback.requested.v1', {
      sessionId: this.session.id,
      actorId,
      requestedAt: this.ctx.clock.now().toISOString(),
    });
    return true;
  }

  /**
   * The call follows its connection (decision 0022): down to audio only when a connection cannot carry video,
   * and back up to video while the visit is active (a tap on "Turn video back on"); each change is kept with
   * its time, so the Encounter's modality seconds stay true. Messaging (`async_text`) is final and comes with
   * its thread, through `initiateFallback`. Asking for the current profile again changes nothing (false).
   */
  changeBandwidthProfile(profile: BandwidthProfile, actorId: string): boolean {
    this.assertOpen();
    const current = this.session.bandwidthProfile;
    if (profile === current) return false;
    if (current === 'async_text') {
      throw new DomainError('INVALID_STATUS_TRANSITION', 'The visit continues in messaging', {
        currentStatus: this.session.status,
        currentProfile: current,
        reason: 'messaging_is_final',
      });
    }
    if (!isLowerTier(profile, current) && this.session.status !== 'active') {
      throw new DomainError('INVALID_STATUS_TRANSITION', 'Video comes back only during the visit', {
        currentStatus: this.session.status,
        currentProfile: current,
        reason: 'video_returns_while_active',
      });
    }
    if (profile === 'async_text') {
      throw new DomainError(
        'VALIDATION_FAILED',
        'Messaging starts with the fallback, which opens its thread',
        { field: 'profile' },
      );
    }
    this.recordBandwidthProfile(profile, actorId);
    this.bump();
    return true;
  }

  /** Whole seconds between actual start and end (0 before both are known). */
  durationSeconds(): number {
    const { actualStart, actualEnd } = this.session;
    if (actualStart === null || actualEnd === null) return 0;
    return Math.max(0, Math.round((actualEnd.getTime() - actualStart.getTime()) / SECOND_MS));
  }

  /** Seconds per bandwidth profile between actual start and end, for the Encounter and billing. */
  modalities(): ModalityBreakdown {
    const { actualStart, actualEnd, bandwidthChanges } = this.session;
    return modalityBreakdown(actualStart, actualEnd, bandwidthChanges);
  }

  /** Patient or every provider gone (disconnected, nobody of that role connected) for the whole grace window. */
  graceExpired(now: Date, graceReconnectSeconds: number): boolean {
    return (['patient', 'provider'] as const).some((role) => {
      const members = this.participants.filter(
        (p) => p.role === role && p.status !== 'removed' && p.status !== 'invited',
      );
      if (members.length === 0 || members.some((p) => p.status !== 'disconnected')) return false;
      return members.every((p) => !withinGrace(p, now, graceReconnectSeconds));
    });
  }

  // ---- internals -----------------------------------------------------------

  private joinTarget(
    p: VirtualSessionParticipantRecord,
    now: Date,
    graceSeconds: number,
  ): ParticipantStatus {
    if (IN_ROOM_STATUSES.includes(p.status) || p.status === 'waiting') return p.status;
    if (p.role === 'provider') return 'active';
    // A disconnected, previously admitted participant back within grace skips the waiting room.
    if (p.status === 'disconnected' && p.joinedAt !== null && withinGrace(p, now, graceSeconds))
      return 'active';
    return 'waiting';
  }

  private addParticipant(userId: string, role: ParticipantRole): VirtualSessionParticipantRecord {
    const p: VirtualSessionParticipantRecord = {
      id: this.ctx.ids.next('vsp'),
      sessionId: this.session.id,
      tenantId: this.session.tenantId,
      userId,
      role,
      status: 'invited',
      joinedAt: null,
      leftAt: null,
      removedAt: null,
      removedReason: null,
      lastSeenAt: null,
      waitingSince: null,
      deviceCheck: null,
    };
    this.participants.push(p);
    this.changedParticipantIds.add(p.id);
    return p;
  }

  private recordBandwidthProfile(to: BandwidthProfile, actorId: string): void {
    const from = this.session.bandwidthProfile;
    if (from === to) return;
    this.session.bandwidthProfile = to;
    this.session.bandwidthChanges.push({ from, to, changedAt: this.ctx.clock.now(), actorId });
  }

  private markFailed(reason: string): void {
    this.moveSession('failed');
    this.session.failureReason = reason;
    this.everyoneLeaves(this.ctx.clock.now());
    this.raise('virtual_care.session.failed.v1', {
      sessionId: this.session.id,
      reason,
      failedAt: this.ctx.clock.now().toISOString(),
    });
  }

  /**
   * Refuses a session that is no longer open (INVALID_STATUS_TRANSITION with its current status, and `reason:
   * no_show` for a missed visit, so the patient's page can say so; a clinician's own words never go out).
   */
  assertOpen(): void {
    if (!OPEN_SESSION_STATUSES.includes(this.session.status)) {
      const noShow = this.session.cancellationReason === NO_SHOW_REASON;
      throw new DomainError('INVALID_STATUS_TRANSITION', `The session is ${this.session.status}`, {
        currentStatus: this.session.status,
        ...(noShow ? { reason: NO_SHOW_REASON } : {}),
      });
    }
  }

  private mustFind(participantId: string): VirtualSessionParticipantRecord {
    const p = this.participants.find((q) => q.id === participantId);
    if (!p) throw new DomainError('NOT_FOUND', 'Participant not found', { participantId });
    return p;
  }

  /** A removed participant cannot come back on the old token. */
  private mustFindActiveMember(participantId: string): VirtualSessionParticipantRecord {
    const p = this.mustFind(participantId);
    if (p.status === 'removed')
      throw new DomainError('PARTICIPANT_REMOVED', 'This participant was removed from the session');
    return p;
  }

  private moveSession(to: SessionStatus): void {
    assertTransition(SESSION_TRANSITIONS, this.session.status, to, 'session');
    this.session.status = to;
  }

  private moveParticipant(p: VirtualSessionParticipantRecord, to: ParticipantStatus): void {
    assertTransition(PARTICIPANT_TRANSITIONS, p.status, to, 'participant');
    p.status = to;
    // The first arrival counts for the time waited; coming back after a dropped connection does not restart it.
    if (to === 'waiting') p.waitingSince ??= this.ctx.clock.now();
    this.changedParticipantIds.add(p.id);
  }

  /** A closed session has nobody in it: whoever was still connected left when it closed. */
  private everyoneLeaves(now: Date): void {
    for (const p of this.participants) {
      if (!CONNECTED_STATUSES.includes(p.status)) continue;
      this.moveParticipant(p, 'disconnected');
      p.leftAt = now;
    }
  }

  private bump(): void {
    this.session.version += 1;
    this.session.updatedAt = this.ctx.clock.now();
  }

  private raise<T extends DomainEventType>(type: T, payload: DomainEventPayloads[T]): void {
    this.events.push(
      createDomainEvent(this.ctx, type, this.session.tenantId, this.session.id, payload),
    );
  }
}

/**
 * When a visit becomes a no-show if its patient has not come by then (the scheduled start plus the tenant's grace
 * window); null when that cannot happen any more: the visit is under way or closed, or the patient came (a patient
 * who came and went is not a no-show).
 */
export function noShowDueAt(
  snapshot: SessionSnapshot,
  graceMinutesAfterStart: number,
): Date | null {
  const { session, participants } = snapshot;
  if (session.status !== 'scheduled' && session.status !== 'waiting') return null;
  const patients = participants.filter((p) => p.role === 'patient' && p.status !== 'removed');
  if (patients.length === 0 || patients.some((p) => p.status !== 'invited')) return null;
  return new Date(session.scheduledStart.getTime() + graceMinutesAfterStart * MINUTE_MS);
}

/** The record with its own copy of the history, so a snapshot never moves with the aggregate. */
function copySession(session: VirtualSessionRecord): VirtualSessionRecord {
  return { ...session, bandwidthChanges: session.bandwidthChanges.map((c) => ({ ...c })) };
}

function withinGrace(p: VirtualSessionParticipantRecord, now: Date, graceSeconds: number): boolean {
  return p.leftAt !== null && now.getTime() - p.leftAt.getTime() < graceSeconds * SECOND_MS;
}
