import {
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';

export interface StreamSettings {
  name: string;
  subjectPrefix: string;
  duplicateWindowSeconds: number;
  replicas: number;
}

const NANOS_PER_SECOND = 1_000_000_000;

/** Creates the events stream, or brings an existing one's subjects, duplicate window and replicas up to date. */
export async function ensureEventStream(
  jsm: JetStreamManager,
  settings: StreamSettings,
): Promise<void> {
  const config: Partial<StreamConfig> & { name: string } = {
    name: settings.name,
    subjects: [`${settings.subjectPrefix}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: settings.duplicateWindowSeconds * NANOS_PER_SECOND,
    num_replicas: settings.replicas,
  };
  const existing = await jsm.streams.info(settings.name).catch(() => null);
  if (!existing) {
    await jsm.streams.add(config);
    return;
  }
  const { name: _name, storage: _storage, ...changeable } = config; // storage cannot change in place
  await jsm.streams.update(settings.name, { ...existing.config, ...changeable });
}

/** Adds a stream only if it is missing (streams other services own are never changed). */
export async function ensureStreamExists(
  jsm: JetStreamManager,
  name: string,
  subjectPrefix: string,
): Promise<void> {
  const existing = await jsm.streams.info(name).catch(() => null);
  if (existing) return;
  await jsm.streams
    .add({
      name,
      subjects: [`${subjectPrefix}.>`],
      storage: StorageType.File,
      duplicate_window: 120 * NANOS_PER_SECOND,
    })
    .catch((error: Error) => {
      if (!/already in use|exists/i.test(error.message)) throw error; // another worker won the race
    });
}
