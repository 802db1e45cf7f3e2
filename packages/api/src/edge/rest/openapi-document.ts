import { generateOpenApiDocument, type OpenAPIObject, type OpenApiRouter } from 'trpc-to-openapi';
import { appRouter } from '../app.router';

const ERROR_BODY: NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string] = {
  type: 'object',
  required: ['code', 'message', 'details'],
  properties: {
    code: {
      type: 'string',
      description:
        'The spec code, e.g. CONSENT_REQUIRED, VIDEO_PROVIDER_UNAVAILABLE, VALIDATION_FAILED',
    },
    message: { type: 'string' },
    details: {
      description:
        'Identifiers, codes and numbers about the error (e.g. currentVersion, gate); never PHI',
    },
  },
  example: {
    code: 'CONSENT_REQUIRED',
    message: 'telehealth consent is not on file',
    details: { gate: 'telehealth_consent' },
  },
};

/** Error statuses beyond the generic 400/401/403/404/500 that an operation can answer, by tRPC path. */
const EXTRA_ERRORS: Record<string, Record<string, string>> = {
  'POST /sessions': {
    '403':
      'CONSENT_REQUIRED (details.gate: telehealth_consent | recording_consent) or MODULE_NOT_LICENSED',
    '422': 'IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used with another body',
    '503':
      'VIDEO_PROVIDER_UNAVAILABLE, PROVIDER_QUOTA_EXCEEDED or CONSENT_SERVICE_UNAVAILABLE (no session written)',
  },
  'GET /sessions/join': {
    '401': 'TOKEN_INVALID, TOKEN_EXPIRED or TOKEN_NOT_YET_VALID',
    '403': 'PARTICIPANT_REMOVED',
    '409': 'INVALID_STATUS_TRANSITION (the session is not open)',
  },
  'POST /sessions/{id}/end': { '409': 'OPTIMISTIC_LOCK_CONFLICT (details.currentVersion)' },
  'POST /sessions/{id}/cancel': {
    '409': 'INVALID_STATUS_TRANSITION or OPTIMISTIC_LOCK_CONFLICT (details.currentVersion)',
  },
  'POST /sessions/{sessionId}/admit/{participantId}': {
    '409':
      'PARTICIPANT_NOT_IN_WAITING_ROOM, PROVIDER_NOT_PRESENT, INVALID_STATUS_TRANSITION or OPTIMISTIC_LOCK_CONFLICT',
  },
  'POST /async-visits': {
    '400':
      'VALIDATION_FAILED; details.attachmentRef names an attachment not uploaded, or not as declared',
    '422': 'ATTACHMENT_LIMIT_EXCEEDED: more photos than a visit takes (details.max)',
  },
  'POST /async-visits/{id}/review': { '409': 'INVALID_STATUS_TRANSITION (details.currentStatus)' },
  'POST /async-visits/{id}/respond': {
    '409': 'INVALID_STATUS_TRANSITION (details.currentStatus)',
  },
  'POST /async-visits/{id}/close': { '409': 'INVALID_STATUS_TRANSITION (details.currentStatus)' },
  'POST /sessions/{id}/ai/summary': {
    '409': 'INVALID_STATUS_TRANSITION: the session is neither active nor ended',
    '422':
      'AI_COMPLETION_REFUSED (details.reason): nothing is kept; the clinician documents manually',
    '503': 'AI_GATEWAY_UNAVAILABLE: the visit goes on; the clinician documents manually',
  },
  'POST /sessions/{id}/ai/accept-summary': {
    '409': 'INVALID_STATUS_TRANSITION: the session is neither active nor ended',
    '503': 'FHIR_GATEWAY_UNAVAILABLE: the chart service is down; nothing was charted',
  },
};

/** Operations that answer 201 when they create; with `replay`, 200 is the answer to the same request again. */
const CREATES: Record<string, { replay?: string }> = {
  'POST /sessions': {},
  'POST /async-visits': {
    replay: 'The same clientMutationId again: the original visit, nothing created',
  },
};

type Operation = {
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: unknown }> }
  >;
};

/**
 * The OpenAPI 3.1 document of the REST face, generated from the procedures; error responses are rewritten to the
 * body the handler really sends (`ErrorBody`), and the operations that create answer 201 (`CREATES`).
 */
export function openApiDocument(baseUrl: string): OpenAPIObject {
  // The router's meta type is tRPC's default `object`; the procedures' meta is trpc-to-openapi's shape.
  const doc = generateOpenApiDocument(appRouter as unknown as OpenApiRouter, {
    title: 'Virtual Care session API',
    version: '1.0.0',
    description:
      'Sessions, waiting room and join tokens of Virtual Care. Authenticate with `Authorization: Bearer <JWT>` ' +
      '(tenant from `tenant_id`, roles from `roles`); the join endpoints take the HMAC join token instead. ' +
      'Every error is `{ code, message, details }`.',
    baseUrl,
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  });
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, ErrorBody: ERROR_BODY },
  };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      const responses = op.responses ?? {};
      for (const [status, description] of Object.entries(
        EXTRA_ERRORS[`${method.toUpperCase()} ${path}`] ?? {},
      )) {
        responses[status] = { description };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400)
          response.content = {
            'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } },
          };
      }
      const creates = CREATES[`${method.toUpperCase()} ${path}`];
      if (creates !== undefined && responses['200']) {
        responses['201'] = { ...responses['200'], description: 'Created' };
        if (creates.replay) responses['200'].description = creates.replay;
        else delete responses['200'];
      }
      op.responses = responses;
    }
  }
  return doc;
}
