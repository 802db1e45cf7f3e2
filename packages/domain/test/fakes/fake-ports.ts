import { DomainError } from '../../src/errors/domain.errors';
import type { AiGatewayPort, SummaryResult } from '../../src/ports/ai-gateway.port';
import type { ConsentCheckPort } from '../../src/ports/consent-check.port';
import type { TenantScope } from '../../src/ports/unit-of-work.port';
import {
  FhirRejectionError,
  type CreateEncounterInput,
  type FhirGatewayPort,
  type VisitNoteInput,
} from '../../src/ports/fhir-gateway.port';
import type { JoinLinkPort } from '../../src/ports/join-link.port';
import type { JoinTokenSignerPort } from '../../src/ports/join-token-signer.port';
import type { LicencePort } from '../../src/ports/licence.port';
import type {
  MessagingThreadPort,
  NewThreadMessage,
  ThreadMessage,
  ThreadMessagesPort,
} from '../../src/ports/messaging-thread.port';
import type { SecretStorePort } from '../../src/ports/secret-store.port';
import type {
  VideoProviderHealth,
  VideoProviderHealthPort,
} from '../../src/ports/video-provider-health.port';
import type {
  CreateRoomInput,
  JoinCredentialsInput,
  VideoProviderPort,
} from '../../src/ports/video-provider.port';
import type { ConsentType } from '../../src/records/consent.record';
import type { VideoBackend } from '../../src/records/virtual-session.record';
import type { JoinTokenClaims } from '../../src/values/join-token.value';

export class FakeLicence implements LicencePort {
  licensed = true;
  async isVirtualCareLicensed(): Promise<boolean> {
    return this.licensed;
  }
}

export class FakeConsentCheck implements ConsentCheckPort {
  granted = new Set<ConsentType>(['telehealth']);
  failure: Error | null = null;
  async hasConsent(input: { type: ConsentType }): Promise<boolean> {
    if (this.failure) throw this.failure;
    return this.granted.has(input.type);
  }
}

/** A consent source in the service's own database: it also answers inside the caller's unit of work. */
export class FakeLocalConsentCheck extends FakeConsentCheck {
  /** Tenants of the scopes it was asked in. */
  readonly askedWithin: string[] = [];
  async hasConsentWithin(scope: TenantScope, input: { type: ConsentType }): Promise<boolean> {
    this.askedWithin.push(scope.tenantId);
    return this.hasConsent(input);
  }
}

export class FakeVideoHealth implements VideoProviderHealthPort {
  health: Partial<Record<VideoBackend, VideoProviderHealth>> = {};
  checked: VideoBackend[] = [];
  async check(input: { backend: VideoBackend }): Promise<VideoProviderHealth> {
    this.checked.push(input.backend);
    return this.health[input.backend] ?? { healthy: true, latencyMs: 12 };
  }
}

export class FakeVideo implements VideoProviderPort {
  quotaExceeded = new Set<VideoBackend>();
  rooms: CreateRoomInput[] = [];
  credentials: JoinCredentialsInput[] = [];
  async createRoom(input: CreateRoomInput) {
    if (this.quotaExceeded.has(input.backend))
      throw new DomainError('PROVIDER_QUOTA_EXCEEDED', 'quota');
    this.rooms.push(input);
    return {
      roomName: input.roomName,
      roomUrl: `https://${input.backend}.example.org/${input.roomName}`,
    };
  }
  async issueJoinCredentials(input: JoinCredentialsInput) {
    this.credentials.push(input);
    return { joinUrl: `${input.roomUrl}?jwt=${input.participantId}`, expiresAt: input.expiresAt };
  }
}

export class FakeFhir implements FhirGatewayPort {
  down = false;
  encounters = new Map<string, string>();
  notes: VisitNoteInput[] = [];
  calls: CreateEncounterInput[] = [];
  /** Source ids whose Encounter the server refuses for good (422 with an OperationOutcome). */
  rejects = new Set<string>();
  async createEncounter(input: CreateEncounterInput): Promise<string> {
    this.calls.push(input);
    if (this.down) throw new Error('FHIR gateway 503');
    if (this.rejects.has(input.sourceId))
      throw new FhirRejectionError('Encounter create answered HTTP 422', 422, {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'business-rule', diagnostics: 'Unknown patient' }],
      });
    // Conditional create: the same source id always yields the same Encounter.
    const id = this.encounters.get(input.sourceId) ?? `enc-${this.encounters.size + 1}`;
    this.encounters.set(input.sourceId, id);
    return id;
  }
  async createVisitNote(input: VisitNoteInput): Promise<string> {
    if (this.down) throw new Error('FHIR gateway 503');
    this.notes.push(input);
    return `note-${this.notes.length}`;
  }
}

/** Readable "signature": base64 JSON plus a marker; good enough to test the domain's handling. */
export class FakeSigner implements JoinTokenSignerPort {
  async sign(claims: JoinTokenClaims): Promise<string> {
    return `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  }
  async verify(token: string): Promise<JoinTokenClaims> {
    const [body, sig] = token.split('.');
    if (sig !== 'sig' || !body) throw new DomainError('TOKEN_INVALID', 'bad signature');
    return JSON.parse(Buffer.from(body, 'base64url').toString()) as JoinTokenClaims;
  }
}

export class FakeSecrets implements SecretStorePort {
  async encrypt(tenantId: string, plaintext: string): Promise<string> {
    return `enc:${tenantId}:${Buffer.from(plaintext).toString('base64')}`;
  }
  async decrypt(_tenantId: string, ciphertext: string): Promise<string> {
    return Buffer.from(ciphertext.split(':')[2] ?? '', 'base64').toString();
  }
}

/** communication-service as its stand-in behaves: one thread per session, one message per client id. */
export class FakeMessaging implements MessagingThreadPort, ThreadMessagesPort {
  down = false;
  /** The messages each thread stores, in send order. */
  readonly threads = new Map<string, ThreadMessage[]>();
  async openThread(input: { sessionId: string }): Promise<string> {
    if (this.down) throw new Error('communication-service down');
    return `thread-${input.sessionId}`;
  }
  async listMessages(threadId: string, options: { after?: string } = {}): Promise<ThreadMessage[]> {
    if (this.down) throw new Error('communication-service down');
    const list = this.threads.get(threadId) ?? [];
    const start = options.after ? list.findIndex((m) => m.id === options.after) + 1 : 0;
    return list.slice(start);
  }
  async sendMessage(threadId: string, message: NewThreadMessage): Promise<ThreadMessage> {
    if (this.down) throw new Error('communication-service down');
    const list = this.threads.get(threadId) ?? [];
    const same = list.find((m) => m.id === message.id);
    if (same) {
      // The stand-in answers 409 for another message under a known id; the adapter maps it to VALIDATION_FAILED.
      if (same.senderUserId !== message.senderUserId || same.body !== message.body)
        throw new DomainError('VALIDATION_FAILED', 'another message already has this id');
      return same;
    }
    const stored = {
      ...message,
      threadId,
      sentAt: new Date(Date.UTC(2026, 0, 1) + list.length * 1000).toISOString(),
    };
    this.threads.set(threadId, [...list, stored]);
    return stored;
  }
}

export class FakeLinks implements JoinLinkPort {
  waitingRoomUrl(input: { sessionId: string; participantId: string }): string {
    return `https://portal.example.org/join/${input.sessionId}/waiting/${input.participantId}`;
  }
}

export class FakeAi implements AiGatewayPort {
  down = false;
  summary: SummaryResult = { status: 'draft', text: 'Summary draft', model: 'test-model' };
  async transcribe() {
    if (this.down) throw new Error('ai down');
    return { text: 'hello', model: 'stt-model' };
  }
  async summarize(): Promise<SummaryResult> {
    if (this.down) throw new Error('ai down');
    return this.summary;
  }
}
