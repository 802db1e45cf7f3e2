import { servicesProcedure } from '../../edge/procedures';

/**
 * Tenant administrators of the caller's tenant. The tenant is the session's (or bearer token's), never an input, so
 * another tenant's admin only ever reaches their own tenant's configuration. Not licence-gated: onboarding configures
 * and tests the video backend before the module is switched on (migration plan, section 3).
 */
export const tenantAdminProcedure = servicesProcedure('tenant_admin');
