-- Request counters shared by every web instance (decision 0035), in the layout
-- rate-limiter-flexible's PostgreSQL store reads and writes: a key such as
-- `client:<user id>`, `tenant:<id>` or `join-failure:<address>` (no tenant_id column: a
-- counter holds no tenant data, and a limit must be read before a tenant is known), the
-- points counted in the current window and when it ends (epoch milliseconds). Created
-- here rather than by the library at run time: the app role creates no tables.
CREATE TABLE rate_limit_counters (
    key    TEXT    NOT NULL,
    points INTEGER NOT NULL DEFAULT 0,
    expire BIGINT,
    CONSTRAINT rate_limit_counters_pkey PRIMARY KEY (key)
);

-- The library deletes windows that ended an hour ago, by this column.
CREATE INDEX ix_rate_limit_counters_expire ON rate_limit_counters (expire);

-- Explicit, as for every table (20260418000100_tenant_isolation): the web counts, and
-- the library's sweep deletes.
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_counters TO virtual_care_app;
