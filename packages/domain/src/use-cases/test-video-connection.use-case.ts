import { DomainError } from '../errors/domain.errors';
import type { Clock } from '../ports/clock.port';
import type { UnitOfWork } from '../ports/unit-of-work.port';
import type {
  VideoProviderHealth,
  VideoProviderHealthPort,
} from '../ports/video-provider-health.port';
import type { VideoBackend } from '../records/virtual-session.record';
import { loadTenantConfig } from './shared/session-store.helper';

export interface TestVideoConnectionDeps {
  uow: UnitOfWork;
  clock: Clock;
  videoHealth: VideoProviderHealthPort;
}

export interface TestVideoConnectionCommand {
  tenantId: string;
  backend?: VideoBackend;
  /** Lets an admin test a URL before saving it. */
  jitsiServerUrl?: string;
}

/** The admin's "test connection": `{ healthy, latencyMs }` for the tenant's (or a candidate) backend. */
export async function testVideoConnection(
  deps: TestVideoConnectionDeps,
  command: TestVideoConnectionCommand,
): Promise<VideoProviderHealth> {
  const config = await deps.uow.read(command.tenantId, (scope) =>
    loadTenantConfig(scope, deps.clock.now()),
  );
  const health = await deps.videoHealth.check({
    tenantId: command.tenantId,
    backend: command.backend ?? config.defaultVideoBackend,
    config: { ...config, jitsiServerUrl: command.jitsiServerUrl ?? config.jitsiServerUrl },
  });
  // Not "unhealthy": the admin named an address this service will not call, which no retry changes.
  if (health.destinationRefused) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'The Jitsi server URL must reach a public address: private, loopback and link-local ones are refused',
      { field: 'jitsiServerUrl' },
    );
  }
  return health;
}
