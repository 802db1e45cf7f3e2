/** A mutation authored offline, replayed when connectivity returns; `clientMutationId` makes the replay idempotent. */
export interface QueuedMutation<P = unknown> {
  clientMutationId: string;
  kind: 'async_visit.submit';
  payload: P;
  enqueuedAt: Date;
  attempts: number;
}

/** Client-side durable queue (IndexedDB in the browser). */
export interface OfflineQueuePort {
  enqueue(mutation: QueuedMutation): Promise<void>;
  peek(limit: number): Promise<QueuedMutation[]>;
  /** Removes a mutation the server acknowledged. */
  ack(clientMutationId: string): Promise<void>;
  /** Records a failed attempt so back-off can grow. */
  recordFailure(clientMutationId: string): Promise<void>;
}
