export * from './outbox-relay.store';
export * from './inbox.store';
export * from './worker-scan.store';
