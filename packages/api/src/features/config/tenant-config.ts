import {
  getTenantConfig,
  hostOf,
  testVideoConnection,
  updateTenantConfig,
  type CredentialField,
  type TenantConfigPatch,
  type TenantConfigView,
  type VideoProviderHealth,
} from '@virtual-care/domain';
import type { ApiServices } from '../../composition/services';
import type { ConfigViewDto, UpdateConfigInput } from './config.schema';

export function configDto(view: TenantConfigView): ConfigViewDto {
  return { ...view, updatedAt: view.updatedAt.toISOString() };
}

/** GET /config: the caller's tenant only (the tenant comes from the session, never from the request). */
export async function readConfig(services: ApiServices, tenantId: string): Promise<ConfigViewDto> {
  return configDto(await getTenantConfig(services.deps, { tenantId }));
}

const CREDENTIALS: readonly CredentialField[] = [
  'jitsiJwtSecret',
  'zoomApiKey',
  'webexClientId',
  'teamsClientId',
];

/** PUT /config: split the body into the plain patch and the write-only credentials, then the UpdateTenantConfig use case. */
export async function writeConfig(
  services: ApiServices,
  request: { tenantId: string; actorId: string; input: UpdateConfigInput },
): Promise<{ config: ConfigViewDto; changedFields: string[] }> {
  const { expectedVersion, ...fields } = request.input;
  const patch: TenantConfigPatch & Record<string, unknown> = {};
  const credentials: Partial<Record<CredentialField, string | null>> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const normalised = value === '' ? null : value; // an emptied form field clears the setting
    if ((CREDENTIALS as readonly string[]).includes(field))
      credentials[field as CredentialField] = normalised as string | null;
    else patch[field] = normalised;
  }
  const stored =
    services.config.brandingLogoHosts.length > 0
      ? null
      : await services.directory.videoConfig(request.tenantId);
  const result = await updateTenantConfig(
    { ...services.deps, secrets: services.secrets },
    {
      tenantId: request.tenantId,
      actorId: request.actorId,
      expectedVersion,
      patch,
      credentials,
      logoHostAllowlist: logoAllowlist(services.config.brandingLogoHosts, [
        patch.brandingLogoUrl,
        stored?.brandingLogoUrl,
      ]),
      allowLoopbackHttp: services.config.allowLoopbackVideoHttp,
    },
  );
  return { config: configDto(result.config), changedFields: result.changedFields };
}

/**
 * BRANDING_LOGO_HOSTS, or, when it is empty ("any https host", as on the patient pages), the hosts of the submitted
 * and the stored logo, so only the HTTPS rule applies.
 */
function logoAllowlist(
  configured: readonly string[],
  logoUrls: readonly unknown[],
): readonly string[] {
  if (configured.length > 0) return configured;
  return logoUrls
    .flatMap((url) => (typeof url === 'string' ? [hostOf(url, 'https')] : []))
    .filter((h): h is string => h !== null);
}

/** POST /config/test-connection: the saved backend, or a candidate Jitsi URL before saving it. */
export function checkConnection(
  services: ApiServices,
  tenantId: string,
  jitsiServerUrl?: string,
): Promise<VideoProviderHealth> {
  return testVideoConnection(services.deps, {
    tenantId,
    ...(jitsiServerUrl ? { jitsiServerUrl } : {}),
  });
}
