-- An Idempotency-Key's claim has a lease (decision 0048): a claim older than the lease is
-- abandoned (its process died between claim and reply) and the next request with the same
-- key and body takes it over. `claimed_at` is refreshed on takeover; `created_at` stays the
-- key's age for the housekeeping prune. Existing claims keep their age, so a claim stuck
-- before this migration is taken over by its next retry. The table's grants and row policies
-- cover the new column as they are.
ALTER TABLE idempotency_keys ADD COLUMN claimed_at TIMESTAMPTZ;
UPDATE idempotency_keys SET claimed_at = created_at;
ALTER TABLE idempotency_keys
    ALTER COLUMN claimed_at SET NOT NULL,
    ALTER COLUMN claimed_at SET DEFAULT NOW();
