-- Tenant isolation: roles, grants, row-level security, and the triggers the
-- application relies on (immutable consents, outbox notification).
--
-- The application never connects as a superuser or a table owner. Two group roles
-- (NOLOGIN) carry the privileges; deployments create LOGIN roles IN ROLE them
-- (the migrate CLI's --local-roles does this for the embedded database).

-- ---------------------------------------------------------------------------
-- Roles (cluster-wide, so created idempotently; unique_violation covers a
-- concurrent CREATE ROLE from a migration of another database in the cluster)
-- ---------------------------------------------------------------------------

DO $$
BEGIN
    CREATE ROLE virtual_care_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

DO $$
BEGIN
    CREATE ROLE virtual_care_worker NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT virtual_care_app TO virtual_care_worker;

-- ---------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------

GRANT USAGE ON SCHEMA public TO virtual_care_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO virtual_care_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO virtual_care_app;
-- Tables created by later migrations (by the same migrating role) are covered too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO virtual_care_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT USAGE ON SEQUENCES TO virtual_care_app;

-- The inbox has no tenant: only the worker (scheduling-event consumer) uses it.
REVOKE ALL ON virtual_care_inbox FROM virtual_care_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON virtual_care_inbox TO virtual_care_worker;

-- The migrations table is nobody's business but the migrating role's.
DO $$
BEGIN
    IF to_regclass('public._prisma_migrations') IS NOT NULL THEN
        REVOKE ALL ON public._prisma_migrations FROM virtual_care_app;
    END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- Row-level security
--
-- Every transaction of the application sets app.tenant_id with
-- set_config('app.tenant_id', <uuid>, true). current_setting(..., true) yields NULL
-- when the setting was never defined and '' once a transaction that set it has
-- ended, so nullif(...) turns both into NULL: an unset tenant sees no rows and can
-- write none, instead of failing on ''::uuid. FORCE applies the policies to the
-- table owner too (superusers still bypass them; the application is neither).
-- ---------------------------------------------------------------------------

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'virtual_sessions', 'virtual_session_participants', 'async_visits',
        'tenant_virtual_care_config', 'virtual_care_outbox', 'consent_records',
        'patients', 'idempotency_keys'
    ] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY %I ON %I '
            'USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
            'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
            t || '_tenant_isolation', t);
    END LOOP;

    -- The worker's cross-tenant sweeps (outbox relay, grace-reconnect timers,
    -- FHIR retries). Permissive policies are OR-ed, so this only widens the
    -- worker role; the web role is not a member of virtual_care_worker.
    FOREACH t IN ARRAY ARRAY[
        'virtual_care_outbox', 'virtual_sessions', 'virtual_session_participants',
        'tenant_virtual_care_config'
    ] LOOP
        EXECUTE format(
            'CREATE POLICY %I ON %I TO virtual_care_worker USING (true) WITH CHECK (true)',
            t || '_worker_all_tenants', t);
    END LOOP;
END
$$;

-- The inbox has no tenant column; RLS with a worker-only policy keeps it closed to
-- everyone else even if a grant slips.
ALTER TABLE virtual_care_inbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE virtual_care_inbox FORCE ROW LEVEL SECURITY;
CREATE POLICY virtual_care_inbox_worker_all ON virtual_care_inbox
    TO virtual_care_worker USING (true) WITH CHECK (true);

-- ---------------------------------------------------------------------------
-- Consent records are immutable once captured: a change is a new record.
-- ---------------------------------------------------------------------------

CREATE FUNCTION consent_records_immutable() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'consent_records are immutable: % refused on %', TG_OP, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER consent_records_no_update_or_delete
    BEFORE UPDATE OR DELETE ON consent_records
    FOR EACH ROW EXECUTE FUNCTION consent_records_immutable();

-- ---------------------------------------------------------------------------
-- Wake the outbox relay (LISTEN virtual_care_outbox). One notification per
-- statement; PostgreSQL delivers it on commit and folds duplicates.
-- ---------------------------------------------------------------------------

CREATE FUNCTION virtual_care_outbox_notify() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_notify('virtual_care_outbox', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER virtual_care_outbox_notify_on_insert
    AFTER INSERT ON virtual_care_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION virtual_care_outbox_notify();
