import { createDatabase, type Database } from '@virtual-care/db';
import { activeTraceContext } from '../telemetry/trace-context';
import type {
  AiGatewayPort,
  AttachmentObjectStorePort,
  Clock,
  ConsentCheckPort,
  CoreDeps,
  FhirGatewayPort,
  JoinTokenSignerPort,
  LicencePort,
  MessagingThreadPort,
  PresencePort,
  RandomPort,
  SecretStorePort,
  ThreadMessagesPort,
  VideoProviderHealthPort,
  VideoProviderPort,
} from '@virtual-care/domain';
import { createAiGatewayAdapter, unconfiguredAiGateway } from '../adapters/ai-gateway.adapter';
import {
  createCommunicationServiceAdapter,
  unconfiguredCommunicationService,
  type CommunicationServiceClient,
} from '../adapters/communication-service.adapter';
import { createFileSystemAttachmentStore } from '../adapters/attachment-store.fs.adapter';
import { createS3AttachmentStore } from '../adapters/attachment-store.s3.adapter';
import { accessPolicyConsentCheck, localConsentCheck } from '../adapters/consent-check.adapter';
import { createFhirGateway } from '../adapters/fhir-gateway.adapter';
import { reportFhirFailures } from '../adapters/fhir-failure-report.adapter';
import { createHmacJoinTokenSigner, joinTokenAudience } from '../adapters/hmac-join-token.adapter';
import type { FetchLike } from '../adapters/http-timeout';
import { createJitsiHealthCheck } from '../adapters/jitsi-health-check.adapter';
import { createJitsiMeetAdapter } from '../adapters/jitsi-meet.adapter';
import type { HostResolver } from '../adapters/outbound-address';
import { createKmsSecretStore, masterKeyWrapper } from '../adapters/kms-secret.adapter';
import {
  createLocalEncounterStore,
  type LocalEncounterStore,
} from '../adapters/local-encounter-store.adapter';
import type { AiGatewayConfig, ApiConfig, AttachmentStoreConfig } from '../config/api.env';
import type { ServicesConfig } from './api-config';
import { warmFhirValidator } from '../adapters/fhir-validator';
import type { Logger } from '../logger';
import { createDomainMetrics, type DomainMetrics } from '../metrics/domain-metrics';
import { createIdempotencyStore, type IdempotencyStore } from './idempotency.store';
import { createRateLimits, type RateLimits } from '../edge/rate-limit/rate-limits';
import { cachedLicence } from './licence-cache';
import { createRecentSessions, type RecentSessions } from '../features/join/recent-sessions';
import { cryptoRandom, joinLinks, systemClock, ulidIds, type JoinLinks } from './runtime-ports';
import { createTenantDirectory, type TenantDirectory } from './tenant-directory';
import { createWaitingRooms, type WaitingRooms } from '../features/waiting-room/waiting-room.views';

/** Every port a session use case may ask for, wired once; each use case takes the slice it declares. */
export interface UseCaseDeps extends CoreDeps {
  licence: LicencePort;
  consent: ConsentCheckPort;
  videoHealth: VideoProviderHealthPort;
  video: VideoProviderPort;
  random: RandomPort;
  fhir: FhirGatewayPort;
  messaging: MessagingThreadPort & ThreadMessagesPort;
  ai: AiGatewayPort;
  signer: JoinTokenSignerPort;
  links: JoinLinks;
  presence: PresencePort;
}

export interface ApiServices {
  readonly config: ServicesConfig;
  readonly db: Database;
  readonly deps: UseCaseDeps;
  /** The envelope-encryption store the Jitsi adapter decrypts with; config updates encrypt with it. */
  readonly secrets: SecretStorePort;
  /** The named demo adapter behind `deps.fhir` when no FHIR_BASE_URL is set; null otherwise. */
  readonly encounters: LocalEncounterStore | null;
  readonly directory: TenantDirectory;
  readonly idempotency: IdempotencyStore;
  /** Sessions read lately, forgotten on every committed change; only the join link answers from it. */
  readonly recentSessions: RecentSessions;
  /** The tenant's waiting room: fresh for clinicians, briefly remembered for waiting patients' polls. */
  readonly waitingRooms: WaitingRooms;
  /** The async visits' photos (ATTACHMENT_S3_BUCKET: an S3-protocol bucket; else files under ATTACHMENT_DIR). */
  readonly attachments: AttachmentObjectStorePort;
  /** Request limits counted in the database, so they hold across instances (decision 0035). */
  readonly rateLimits: RateLimits;
  /** What the procedures observe for Prometheus (time to admit, Encounters refused), in the process's registry. */
  readonly metrics: DomainMetrics;
  close(): Promise<void>;
}

/** For tests and benches: replace the process-wide pieces (network, time, an existing pool). */
export interface ServiceOverrides {
  fetch?: FetchLike;
  clock?: Clock;
  db?: Database;
  /** Where the services say what an operator should know (lost database notices); default: nowhere. */
  logger?: Logger;
  /** How the video health check resolves host names (tests: a name that resolves to a private address). */
  resolveHost?: HostResolver;
  /** The process's metrics (its registry, served by its metrics server); default: a registry of their own. */
  metrics?: DomainMetrics;
}

/** The composition root: ports wired to real adapters chosen by configuration. Call once per process. */
export function createServices(
  config: ServicesConfig,
  overrides: ServiceOverrides = {},
): ApiServices {
  const db =
    overrides.db ??
    createDatabase({
      url: config.databaseUrl,
      maxConnections: config.databasePoolSize,
      traceContext: activeTraceContext,
    });
  const clock = overrides.clock ?? systemClock;
  const fetchOption = overrides.fetch ? { fetch: overrides.fetch } : {};
  const uow = db.unitOfWork;
  const secretStore = createKmsSecretStore({ keyWrapper: masterKeyWrapper(config.masterKeys) });
  const urlPolicy = { allowInsecureLoopback: config.allowLoopbackVideoHttp };
  const { fhir, encounters } = fhirGateway(config, fetchOption, uow);
  const consent = consentCheckFor({ accessPolicyUrl: config.accessPolicyUrl, uow, ...fetchOption });

  const deps: UseCaseDeps = {
    uow,
    presence: db.presence,
    clock,
    ids: ulidIds,
    random: cryptoRandom,
    licence: cachedLicence(db.licence, clock),
    consent,
    videoHealth: createJitsiHealthCheck({
      ...urlPolicy,
      ...(config.jitsiHealthPath ? { healthPath: config.jitsiHealthPath } : {}),
      ...(overrides.resolveHost ? { resolveHost: overrides.resolveHost } : {}),
    }),
    video: createJitsiMeetAdapter({
      ...urlPolicy,
      secretStore,
      clock,
      tokenLifetimeSeconds: config.videoTokenLifetimeSeconds,
    }),
    fhir: reportFhirFailures(fhir, overrides.logger),
    messaging: communicationService(config, fetchOption),
    ai: aiGateway(config.aiGateway, fetchOption),
    signer: createHmacJoinTokenSigner({
      keyring: config.joinTokenKeyring,
      audience: joinTokenAudience(config.publicBaseUrl),
      clock,
    }),
    links: joinLinks(config.publicBaseUrl),
  };
  // Made on first use: it holds a LISTEN connection, which a process that answers no join link (the worker) skips.
  let recentSessions: RecentSessions | undefined;
  return {
    config,
    db,
    deps,
    secrets: secretStore,
    encounters,
    directory: createTenantDirectory(db.directory, clock),
    idempotency: createIdempotencyStore(db.idempotency),
    get recentSessions() {
      return (recentSessions ??= createRecentSessions(db, overrides.logger));
    },
    waitingRooms: createWaitingRooms(deps, clock),
    attachments: attachmentStore(config.attachmentStore),
    rateLimits: createRateLimits(db.rateLimits, config.rateLimits),
    metrics: overrides.metrics ?? createDomainMetrics(),
    close: async () => {
      await recentSessions?.close();
      if (!overrides.db) await db.close();
    },
  };
}

/** ACCESS_POLICY_URL selects the external access-policy service; without it, the product's own consent records. */
function consentCheckFor(options: {
  accessPolicyUrl?: string | null | undefined;
  uow: Database['unitOfWork'];
  fetch?: FetchLike;
}): ConsentCheckPort {
  const { accessPolicyUrl, uow, fetch } = options;
  if (accessPolicyUrl)
    return accessPolicyConsentCheck({ baseUrl: accessPolicyUrl, ...(fetch ? { fetch } : {}) });
  return localConsentCheck(uow);
}

/** ATTACHMENT_S3_BUCKET selects the S3-protocol store; without it, files under ATTACHMENT_DIR. */
export function attachmentStore(config: AttachmentStoreConfig): AttachmentObjectStorePort {
  if (config.kind === 's3') return createS3AttachmentStore(config);
  return createFileSystemAttachmentStore({ dir: config.dir });
}

/** COMMUNICATION_SERVICE_URL selects the service; without it, a named adapter that says it is not configured. */
export function communicationService(
  config: Pick<ApiConfig, 'communicationServiceUrl' | 'communicationServiceTimeoutMs'>,
  fetchOption: { fetch?: FetchLike } = {},
): CommunicationServiceClient {
  if (!config.communicationServiceUrl) return unconfiguredCommunicationService();
  return createCommunicationServiceAdapter({
    baseUrl: config.communicationServiceUrl,
    timeoutMs: config.communicationServiceTimeoutMs,
    ...fetchOption,
  });
}

/** AI_GATEWAY_URL selects the gateway; without it, a named adapter whose calls fail as unavailable (no stub). */
export function aiGateway(
  config: AiGatewayConfig,
  fetchOption: { fetch?: FetchLike } = {},
): AiGatewayPort {
  if (!config.url) return unconfiguredAiGateway();
  return createAiGatewayAdapter({
    baseUrl: config.url,
    apiKey: config.apiKey,
    transcriptionModel: config.transcriptionModel,
    summaryModel: config.summaryModel,
    transcriptionTimeoutMs: config.transcriptionTimeoutMs,
    summaryTimeoutMs: config.summaryTimeoutMs,
    ...fetchOption,
  });
}

/**
 * FHIR_BASE_URL selects the real gateway; without it the named local store keeps validated Encounters (demo)
 * in the database, shared with the worker and every other instance.
 */
function fhirGateway(
  config: ApiConfig,
  fetchOption: { fetch?: FetchLike },
  uow: Database['unitOfWork'],
): { fhir: FhirGatewayPort; encounters: LocalEncounterStore | null } {
  if (config.fhirBaseUrl)
    return {
      fhir: createFhirGateway({
        baseUrl: config.fhirBaseUrl,
        timeoutMs: config.fhirTimeoutMs,
        ...fetchOption,
      }),
      encounters: null,
    };
  const encounters = createLocalEncounterStore({ uow });
  void warmFhirValidator().catch(() => undefined); // the store validates each Encounter; index the definitions now
  return { fhir: encounters, encounters };
}
