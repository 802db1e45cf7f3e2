import { awaitsAsyncVisitEncounter } from '../../src/async-visit/async-visit.aggregate';
import type { AsyncVisitListQuery } from '../../src/ports/async-visit-repository.port';
import type { AuditEvent } from '../../src/events/audit.events';
import type { DomainEvent } from '../../src/events/domain.events';
import type { TenantScope, UnitOfWork } from '../../src/ports/unit-of-work.port';
import type { SessionListQuery } from '../../src/ports/virtual-session-repository.port';
import type { AsyncVisitRecord } from '../../src/records/async-visit.record';
import type { TranscriptSegmentRecord } from '../../src/ports/session-transcript-repository.port';
import type { ConsentRecord, ConsentType } from '../../src/records/consent.record';
import type { VirtualSessionParticipantRecord } from '../../src/records/session-participant.record';
import type { TenantVirtualCareConfigRecord } from '../../src/records/tenant-config.record';
import type { VirtualSessionRecord } from '../../src/records/virtual-session.record';
import { IN_ROOM_STATUSES } from '../../src/machines/session-participant.machine';
import { OPEN_SESSION_STATUSES } from '../../src/machines/virtual-session.machine';
import { queueOrder } from '../../src/waiting-room/waiting-queue.value';

export interface Tables {
  sessions: Map<string, VirtualSessionRecord>;
  participants: Map<string, VirtualSessionParticipantRecord>;
  configs: Map<string, TenantVirtualCareConfigRecord>;
  visits: Map<string, AsyncVisitRecord>;
  consents: ConsentRecord[];
  patients: { id: string; tenantId: string; userId: string | null }[];
  outbox: (DomainEvent | AuditEvent)[];
  transcripts: TranscriptSegmentRecord[];
}

const copy = <T extends object>(row: T): T => ({ ...row });
const latest = (a: Date | null, b: Date | null): Date | null =>
  a === null || (b !== null && b.getTime() > a.getTime()) ? b : a;

/**
 * In-memory stand-in for the tenant unit of work: rows of other tenants are invisible (like RLS), and a
 * throwing `work` rolls every table back to where it was (like a transaction).
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  tables: Tables = {
    sessions: new Map(),
    participants: new Map(),
    configs: new Map(),
    visits: new Map(),
    consents: [],
    patients: [],
    outbox: [],
    transcripts: [],
  };
  runs = 0;
  /** Hook to simulate a concurrent writer inside the next transaction. */
  beforeSessionUpdate: (() => void) | null = null;
  /** Same, just before the next presence touch (a status change committed between the heartbeat's read and write). */
  beforeTouchPresence: (() => void) | null = null;
  /** Every participant write, in order: full upserts and presence-only touches. */
  participantWrites: (
    { kind: 'save'; ids: string[] } | { kind: 'touch'; id: string; applied: boolean }
  )[] = [];

  private rollbackPoint: Tables | null = null;

  /** Like the database, which runs these connections read-only: a write inside `read` is refused. */
  async read<T>(tenantId: string, work: (scope: TenantScope) => Promise<T>): Promise<T> {
    this.runs += 1;
    return work(readOnly(this.scope(tenantId)));
  }

  /** Like the database's row-level security on app.patient_id: only that patient's sessions and their participants. */
  async readForPatient<T>(
    tenantId: string,
    patientId: string,
    work: (scope: TenantScope) => Promise<T>,
  ): Promise<T> {
    this.runs += 1;
    return work(readOnly(this.scope(tenantId, patientId)));
  }

  async run<T>(tenantId: string, work: (scope: TenantScope) => Promise<T>): Promise<T> {
    this.runs += 1;
    const saved = this.clone();
    this.rollbackPoint = saved;
    try {
      return await work(this.scope(tenantId));
    } catch (error) {
      this.tables = saved;
      throw error;
    } finally {
      this.rollbackPoint = null;
    }
  }

  /**
   * Applies `change` as another transaction that commits right now would: it is visible at once and survives a
   * rollback of the transaction in progress. For use inside the hooks.
   */
  concurrently(change: (tables: Tables) => void): void {
    change(this.tables);
    if (this.rollbackPoint) change(this.rollbackPoint);
  }

  get sessions(): VirtualSessionRecord[] {
    return [...this.tables.sessions.values()];
  }
  get outbox(): (DomainEvent | AuditEvent)[] {
    return this.tables.outbox;
  }
  eventTypes(): string[] {
    return this.tables.outbox.map((e) => e.type);
  }

  private clone(): Tables {
    const t = this.tables;
    return {
      sessions: new Map([...t.sessions].map(([k, v]) => [k, copy(v)])),
      participants: new Map([...t.participants].map(([k, v]) => [k, copy(v)])),
      configs: new Map([...t.configs].map(([k, v]) => [k, copy(v)])),
      visits: new Map([...t.visits].map(([k, v]) => [k, copy(v)])),
      consents: [...t.consents],
      patients: [...t.patients],
      outbox: [...t.outbox],
      transcripts: [...t.transcripts],
    };
  }

  private scope(tenantId: string, patientId?: string): TenantScope {
    const t = () => this.tables;
    const visible = (row: { tenantId: string; patientId?: string; sessionId?: string }) => {
      if (row.tenantId !== tenantId) return false;
      if (patientId === undefined) return true;
      const session = row.sessionId ? t().sessions.get(row.sessionId) : row;
      return session?.patientId === patientId;
    };
    const mine = <R extends { tenantId: string }>(row: R | undefined): R | null =>
      row && visible(row) ? copy(row) : null;
    return {
      tenantId,
      sessions: {
        findById: async (id) => mine(t().sessions.get(id)),
        findWithParticipants: async (id) => {
          const session = mine(t().sessions.get(id));
          if (!session) return null;
          const participants = [...t().participants.values()]
            .filter((p) => p.sessionId === id && visible(p))
            .sort((a, b) => a.id.localeCompare(b.id))
            .map(copy);
          return { session, participants };
        },
        insert: async (s, participants = [], events = []) => {
          if (t().sessions.has(s.id)) throw new Error('duplicate key');
          t().sessions.set(s.id, copy(s));
          participants.forEach((p) => t().participants.set(p.id, copy(p)));
          t().outbox.push(...events);
        },
        update: async (s, expectedVersion) => {
          const hook = this.beforeSessionUpdate;
          this.beforeSessionUpdate = null;
          hook?.();
          const stored = mine(t().sessions.get(s.id));
          if (!stored || stored.version !== expectedVersion) return false;
          t().sessions.set(s.id, copy(s));
          return true;
        },
        list: async (q: SessionListQuery) => {
          const rows = [...t().sessions.values()]
            .filter(visible)
            .filter((s) => !q.status || q.status.includes(s.status))
            .filter((s) => !q.patientId || s.patientId === q.patientId)
            .filter(
              (s) =>
                !q.awaitingEncounter || (s.encounterId === null && s.encounterRejection === null),
            )
            .sort((a, b) => a.id.localeCompare(b.id) * (q.order === 'desc' ? -1 : 1));
          const after = (s: VirtualSessionRecord) =>
            q.order === 'desc' ? s.id < (q.cursor as string) : s.id > (q.cursor as string);
          const start = q.cursor ? rows.findIndex(after) : 0;
          const from = start < 0 ? rows.length : start;
          const items = rows.slice(from, from + q.limit).map(copy);
          const last = items[items.length - 1];
          return { items, nextCursor: from + q.limit < rows.length && last ? last.id : null };
        },
      },
      participants: {
        findById: async (id) => mine(t().participants.get(id)),
        save: async (rows) => {
          this.participantWrites.push({ kind: 'save', ids: rows.map((p) => p.id) });
          // Like the database: lastSeenAt only moves forward.
          rows.forEach((p) =>
            t().participants.set(p.id, {
              ...p,
              lastSeenAt: latest(t().participants.get(p.id)?.lastSeenAt ?? null, p.lastSeenAt),
            }),
          );
        },
        touchPresence: async (id, seenAt, expectedStatus) => {
          const hook = this.beforeTouchPresence;
          this.beforeTouchPresence = null;
          hook?.();
          const stored = mine(t().participants.get(id));
          const applied = stored !== null && stored.status === expectedStatus;
          if (applied)
            t().participants.set(id, { ...stored, lastSeenAt: latest(stored.lastSeenAt, seenAt) });
          this.participantWrites.push({ kind: 'touch', id, applied });
          return applied;
        },
      },
      patients: {
        findById: async (id) => mine(t().patients.find((p) => p.id === id)),
        findByUserId: async (userId) => mine(t().patients.find((p) => p.userId === userId)),
      },
      tenantConfigs: {
        get: async (id) => mine(t().configs.get(id)),
        save: async (config, expectedVersion) => {
          const stored = t().configs.get(config.tenantId);
          if (expectedVersion === null ? stored !== undefined : stored?.version !== expectedVersion)
            return false;
          t().configs.set(config.tenantId, copy(config));
          return true;
        },
      },
      asyncVisits: {
        findById: async (id) => mine(t().visits.get(id)),
        findByClientMutationId: async (cmid) =>
          mine(
            [...t().visits.values()].find(
              (v) => v.tenantId === tenantId && v.clientMutationId === cmid,
            ),
          ),
        insertIfAbsent: async (visit) => {
          const existing = [...t().visits.values()].find(
            (v) => v.tenantId === tenantId && v.clientMutationId === visit.clientMutationId,
          );
          if (existing) return { visit: copy(existing), created: false };
          t().visits.set(visit.id, copy(visit));
          return { visit: copy(visit), created: true };
        },
        update: async (visit) => void t().visits.set(visit.id, copy(visit)),
        list: async (q: AsyncVisitListQuery) => {
          const rows = [...t().visits.values()]
            .filter(visible)
            .filter((v) => !q.status || q.status.includes(v.status))
            .filter((v) => !q.patientId || v.patientId === q.patientId)
            .filter((v) => !q.awaitingEncounter || awaitsAsyncVisitEncounter(v))
            .sort((a, b) => a.id.localeCompare(b.id));
          const from = q.cursor ? rows.filter((v) => v.id <= (q.cursor as string)).length : 0;
          const items = rows.slice(from, from + q.limit).map(copy);
          const last = items[items.length - 1];
          return { items, nextCursor: from + q.limit < rows.length && last ? last.id : null };
        },
        namedAttachmentRefs: async (refs) =>
          refs.filter((ref) =>
            [...t().visits.values()].some(
              (v) => v.tenantId === tenantId && v.attachmentRefs.includes(ref),
            ),
          ),
      },
      consents: {
        latest: async (patientId: string, type: ConsentType) =>
          t()
            .consents.filter(
              (c) => c.tenantId === tenantId && c.patientId === patientId && c.type === type,
            )
            .at(-1) ?? null,
        append: async (record) => void t().consents.push(record),
        listForPatient: async (patientId) =>
          t().consents.filter((c) => c.tenantId === tenantId && c.patientId === patientId),
      },
      outbox: { append: async (events) => void t().outbox.push(...events) },
      transcripts: {
        append: async (segment) => {
          const sequence =
            t().transcripts.filter((row) => row.sessionId === segment.sessionId).length + 1;
          const row = { ...segment, sequence };
          t().transcripts.push(row);
          return copy(row);
        },
        listKept: async (sessionId, now) =>
          t()
            .transcripts.filter(
              (row) =>
                visible(row) &&
                patientId === undefined &&
                row.sessionId === sessionId &&
                row.expiresAt.getTime() > now.getTime(),
            )
            .map(copy),
      },
      waitingRoom: {
        read: async () => ({
          waiting: [...t().participants.values()]
            .filter((p) => visible(p) && p.status === 'waiting')
            .flatMap((p) => {
              const s = t().sessions.get(p.sessionId);
              if (!s || !OPEN_SESSION_STATUSES.includes(s.status)) return [];
              return [
                {
                  sessionId: s.id,
                  sessionVersion: s.version,
                  clinicianId: s.initiatorId,
                  scheduledStart: s.scheduledStart,
                  runningLateMinutes: s.runningLateMinutes,
                  participantId: p.id,
                  userId: p.userId,
                  role: p.role,
                  waitingSince: p.waitingSince,
                  deviceCheck: p.deviceCheck,
                  displayName: null, // the fake keeps no names
                },
              ];
            })
            .sort(queueOrder),
          cliniciansInVisit: [
            ...new Set(
              [...t().participants.values()]
                .filter(
                  (p) =>
                    visible(p) &&
                    p.role === 'provider' &&
                    IN_ROOM_STATUSES.includes(p.status) &&
                    t().sessions.get(p.sessionId)?.status === 'active',
                )
                .map((p) => p.userId),
            ),
          ],
        }),
      },
    };
  }
}

const WRITES = new Set(['append', 'insert', 'insertIfAbsent', 'save', 'touchPresence', 'update']);

function readOnly(scope: TenantScope): TenantScope {
  const guarded = Object.entries(scope).map(([name, repository]: [string, unknown]) => {
    if (typeof repository !== 'object' || repository === null) return [name, repository];
    const proxy = new Proxy(repository, {
      get(target, prop) {
        if (typeof prop === 'string' && WRITES.has(prop))
          return () => Promise.reject(new Error(`${name}.${prop} inside a read-only unit of work`));
        return Reflect.get(target, prop) as unknown;
      },
    });
    return [name, proxy];
  });
  return Object.fromEntries(guarded) as TenantScope;
}
