import {
  accessPolicyConsentCheck,
  createJitsiHealthCheck,
  createJitsiMeetAdapter,
  createKmsSecretStore,
  localConsentCheck,
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
import { randomInt } from 'node:crypto';

export interface SessionFactoryConfig {
  accessPolicyUrl?: string;
  secretStoreMasterKey?: string;
  allowInsecureLoopback: boolean;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

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
  const consent = config.accessPolicyUrl
    ? accessPolicyConsentCheck({ baseUrl: config.accessPolicyUrl })
    : localConsentCheck((tenantId, patientId, type) =>
        db.unitOfWork.run(tenantId, (scope) => scope.consents.latest(patientId, type)),
      );
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
    random: {
      alphanumeric: (length: number) =>
        Array.from({ length }, () => ALPHABET.charAt(randomInt(ALPHABET.length))).join(''),
    },
  };
  return (command) => createVirtualSession(deps, command);
}
