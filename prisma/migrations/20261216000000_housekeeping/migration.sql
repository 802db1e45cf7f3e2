-- The worker's housekeeping (decision 0034): expired idempotency keys, sign-in attempts past
-- the throttle's window and old inbox rows are deleted in batches, oldest first.

-- Idempotency keys are tenant rows; the worker prunes them across tenants. Only reading and
-- deleting: the worker never claims or completes a key.
CREATE POLICY idempotency_keys_worker_read ON idempotency_keys
    FOR SELECT TO virtual_care_worker USING (true);
CREATE POLICY idempotency_keys_worker_prune ON idempotency_keys
    FOR DELETE TO virtual_care_worker USING (true);

-- Range scans by age (the existing sign-in index leads with the key).
CREATE INDEX ix_sign_in_attempts_attempted_at ON sign_in_attempts (attempted_at);
CREATE INDEX ix_virtual_care_inbox_processed_at ON virtual_care_inbox (processed_at);
