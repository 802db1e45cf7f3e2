import {
  createKmsSecretStore,
  masterKeyWrapper,
  type KmsSecretStore,
} from '../adapters/kms-secret.adapter';
import type { ApiConfig } from '../composition/api-config';

const stores = new WeakMap<ApiConfig, KmsSecretStore>();

/**
 * The secret store on the process's master keys (SECRET_STORE_MASTER_KEY / _FILE), one per validated config.
 * The composition root builds the same store for the Jitsi adapter; this gives the config use case its own handle
 * without changing the services' shape.
 */
export function secretStoreFor(config: ApiConfig): KmsSecretStore {
  let store = stores.get(config);
  if (!store) {
    store = createKmsSecretStore({ keyWrapper: masterKeyWrapper(config.masterKeys) });
    stores.set(config, store);
  }
  return store;
}
