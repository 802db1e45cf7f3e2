-- Platform tables (tenants, users, tenant_memberships) are written only by the migrating
-- role: the seed and `pnpm licence` (MIGRATION_DATABASE_URL). The apps only read them (sign-in,
-- names). The licence flag is the one column the app role may still change: `pnpm licence`
-- falls back to DATABASE_URL on a local stack (decision 0033).
REVOKE INSERT, UPDATE, DELETE ON users, tenant_memberships, tenants FROM virtual_care_app;
GRANT UPDATE (virtual_care_licensed) ON tenants TO virtual_care_app;

-- tenant_memberships carries a tenant_id, so it gets the tenant policy like every other
-- tenant table. Sign-in must read a user's memberships across tenants before a tenant is
-- chosen: a SELECT-only policy allows that, and writes stay refused (no grant, and the
-- tenant policy's WITH CHECK if a grant ever slips back).
ALTER TABLE tenant_memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_memberships_tenant_isolation ON tenant_memberships
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_memberships_sign_in_read ON tenant_memberships
    FOR SELECT USING (true);
