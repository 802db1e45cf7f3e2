import { createDatabase, DEMO_TENANT_ID } from '@virtual-care/db';
import { updateTenantConfig } from '@virtual-care/domain';
import {
  createKmsSecretStore,
  masterKeysFromEnv,
  masterKeyWrapper,
} from '../adapters/kms-secret.adapter';
import { systemClock, ulidIds } from '../composition/runtime-ports';

export interface DemoVideoSettings {
  databaseUrl: string;
  jitsiServerUrl: string;
  jitsiJwtAppId: string;
  jitsiJwtSecret: string;
  masterKeyEnv: Record<string, string | undefined>;
}

/**
 * Gives the demo tenant the local Jitsi stand-in's app id and JWT secret, through the
 * same use case (and envelope encryption) a tenant admin's change goes through.
 * Does nothing when the stored settings already match, so restarts emit no events.
 */
export async function configureDemoVideo(
  settings: DemoVideoSettings,
): Promise<'configured' | 'unchanged'> {
  const db = createDatabase({ url: settings.databaseUrl, maxConnections: 1 });
  const secrets = createKmsSecretStore({
    keyWrapper: masterKeyWrapper(masterKeysFromEnv(settings.masterKeyEnv)),
  });
  try {
    const current = await db.unitOfWork.run(DEMO_TENANT_ID, (scope) =>
      scope.tenantConfigs.get(DEMO_TENANT_ID),
    );
    const storedSecret = current?.jitsiJwtSecretEncrypted
      ? await secrets.decrypt(DEMO_TENANT_ID, current.jitsiJwtSecretEncrypted).catch(() => null)
      : null;
    if (
      current?.jitsiServerUrl === settings.jitsiServerUrl &&
      current.jitsiJwtAppId === settings.jitsiJwtAppId &&
      storedSecret === settings.jitsiJwtSecret
    ) {
      return 'unchanged';
    }
    await updateTenantConfig(
      { uow: db.unitOfWork, clock: systemClock, ids: ulidIds, secrets },
      {
        tenantId: DEMO_TENANT_ID,
        actorId: 'system:start',
        patch: { jitsiServerUrl: settings.jitsiServerUrl, jitsiJwtAppId: settings.jitsiJwtAppId },
        credentials: { jitsiJwtSecret: settings.jitsiJwtSecret },
        logoHostAllowlist: [],
        allowLoopbackHttp: true,
      },
    );
    return 'configured';
  } finally {
    await db.close();
  }
}
