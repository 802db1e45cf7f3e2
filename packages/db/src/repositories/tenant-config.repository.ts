import type {
  TenantConfigRepository,
  TenantVirtualCareConfigRecord,
  VideoBackend,
} from '@virtual-care/domain';
import { run, statement, type Queryable } from '../sql/queryable';

const COLUMNS = `tenant_id, default_video_backend, jitsi_server_url, jitsi_jwt_app_id,
  jitsi_jwt_secret_encrypted, mediasoup_ws_url, zoom_api_key_encrypted, webex_client_id_encrypted,
  teams_client_id_encrypted, branding_logo_url, branding_primary_color, room_slug_prefix,
  recording_enabled, session_grace_minutes_before, session_grace_minutes_after, max_participants,
  fallback_video_backend, grace_reconnect_seconds, version, updated_at, ai_consent_required,
  ai_transcript_retention_hours`;

const GET = statement(
  'tenant_config_get',
  `SELECT ${COLUMNS} FROM tenant_virtual_care_config WHERE tenant_id = $1`,
);

const INSERT = statement(
  'tenant_config_insert',
  `INSERT INTO tenant_virtual_care_config (${COLUMNS})
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
     $22)
   ON CONFLICT (tenant_id) DO NOTHING`,
);

const UPDATE = statement(
  'tenant_config_update',
  `UPDATE tenant_virtual_care_config SET
     default_video_backend = $2, jitsi_server_url = $3, jitsi_jwt_app_id = $4,
     jitsi_jwt_secret_encrypted = $5, mediasoup_ws_url = $6, zoom_api_key_encrypted = $7,
     webex_client_id_encrypted = $8, teams_client_id_encrypted = $9, branding_logo_url = $10,
     branding_primary_color = $11, room_slug_prefix = $12, recording_enabled = $13,
     session_grace_minutes_before = $14, session_grace_minutes_after = $15,
     max_participants = $16, fallback_video_backend = $17, grace_reconnect_seconds = $18,
     version = $19, updated_at = $20, ai_consent_required = $21, ai_transcript_retention_hours = $22
   WHERE tenant_id = $1 AND version = $23`,
);

interface ConfigRow {
  tenant_id: string;
  default_video_backend: string;
  jitsi_server_url: string | null;
  jitsi_jwt_app_id: string | null;
  jitsi_jwt_secret_encrypted: string | null;
  mediasoup_ws_url: string | null;
  zoom_api_key_encrypted: string | null;
  webex_client_id_encrypted: string | null;
  teams_client_id_encrypted: string | null;
  branding_logo_url: string | null;
  branding_primary_color: string | null;
  room_slug_prefix: string | null;
  recording_enabled: boolean;
  session_grace_minutes_before: number;
  session_grace_minutes_after: number;
  max_participants: number;
  fallback_video_backend: string | null;
  grace_reconnect_seconds: number;
  version: number;
  updated_at: Date;
  ai_consent_required: boolean;
  ai_transcript_retention_hours: number;
}

export class PgTenantConfigRepository implements TenantConfigRepository {
  constructor(private readonly db: Queryable) {}

  async get(tenantId: string): Promise<TenantVirtualCareConfigRecord | null> {
    const { rows } = await run<ConfigRow>(this.db, GET, [tenantId]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** null = insert (false if one exists); otherwise a version-checked update (the caller bumped `c.version`). */
  async save(c: TenantVirtualCareConfigRecord, expectedVersion: number | null): Promise<boolean> {
    const values = [
      c.tenantId,
      c.defaultVideoBackend,
      c.jitsiServerUrl,
      c.jitsiJwtAppId,
      c.jitsiJwtSecretEncrypted,
      c.mediasoupWsUrl,
      c.zoomApiKeyEncrypted,
      c.webexClientIdEncrypted,
      c.teamsClientIdEncrypted,
      c.brandingLogoUrl,
      c.brandingPrimaryColor,
      c.roomSlugPrefix,
      c.recordingEnabled,
      c.sessionGraceMinutesBefore,
      c.sessionGraceMinutesAfter,
      c.maxParticipants,
      c.fallbackVideoBackend,
      c.graceReconnectSeconds,
      c.version,
      c.updatedAt,
      c.aiConsentRequired,
      c.aiTranscriptRetentionHours,
    ];
    const { rowCount } =
      expectedVersion === null
        ? await run(this.db, INSERT, values)
        : await run(this.db, UPDATE, [...values, expectedVersion]);
    return rowCount === 1;
  }
}

function toRecord(r: ConfigRow): TenantVirtualCareConfigRecord {
  return {
    tenantId: r.tenant_id,
    defaultVideoBackend: r.default_video_backend as VideoBackend,
    jitsiServerUrl: r.jitsi_server_url,
    jitsiJwtAppId: r.jitsi_jwt_app_id,
    jitsiJwtSecretEncrypted: r.jitsi_jwt_secret_encrypted,
    mediasoupWsUrl: r.mediasoup_ws_url,
    zoomApiKeyEncrypted: r.zoom_api_key_encrypted,
    webexClientIdEncrypted: r.webex_client_id_encrypted,
    teamsClientIdEncrypted: r.teams_client_id_encrypted,
    brandingLogoUrl: r.branding_logo_url,
    brandingPrimaryColor: r.branding_primary_color,
    roomSlugPrefix: r.room_slug_prefix,
    recordingEnabled: r.recording_enabled,
    sessionGraceMinutesBefore: r.session_grace_minutes_before,
    sessionGraceMinutesAfter: r.session_grace_minutes_after,
    maxParticipants: r.max_participants,
    fallbackVideoBackend: r.fallback_video_backend as VideoBackend | null,
    graceReconnectSeconds: r.grace_reconnect_seconds,
    aiConsentRequired: r.ai_consent_required,
    aiTranscriptRetentionHours: r.ai_transcript_retention_hours,
    version: r.version,
    updatedAt: r.updated_at,
  };
}
