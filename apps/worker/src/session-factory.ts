import {
  consentCheckFor,
  createJitsiHealthCheck,
  createJitsiMeetAdapter,
  createKmsSecretStore,
  cryptoRandom,
  masterKeyWrapper,
  parseMasterKeys,
  systemClock,
  ulidIds,
} from '@virtual-care/api';
import type { Database } from '@virtual-care/db';
import {
  createVirtualSession,
  type CreateVirtualSessionCommand,
  type SessionSnapshot,
} from '@virtual-care/domain';

export interface SessionFactoryConfig {
  accessPolicyUrl?: string;
  secretStoreMasterKey?: string;
  allowInsecureLoopback: boolean;
}

/** createVirtualSession wired to the product's adapters, for the scheduling consumer (spec flow 4.4). */
export function createSessionFactory(
  db: Database,
  config: SessionFactoryConfig,
): (command: CreateVirtualSessionCommand) => Promise<SessionSnapshot> {
  if (!config.secretStoreMasterKey)
    throw new Error(
      'SECRET_STORE_MASTER_KEY is needed to provision rooms for scheduled appointments',
    );
  const secretStore = createKmsSecretStore({
    keyWrapper: masterKeyWrapper(parseMasterKeys(config.secretStoreMasterKey)),
  });
  const consent = consentCheckFor({ accessPolicyUrl: config.accessPolicyUrl, uow: db.unitOfWork });
  const deps = {
    uow: db.unitOfWork,
    clock: systemClock,
    ids: ulidIds,
    licence: db.licence,
    consent,
    videoHealth: createJitsiHealthCheck({ allowInsecureLoopback: config.allowInsecureLoopback }),
    video: createJitsiMeetAdapter({
      secretStore,
      allowInsecureLoopback: config.allowInsecureLoopback,
    }),
    random: cryptoRandom,
  };
  return (command) => createVirtualSession(deps, command);
}
