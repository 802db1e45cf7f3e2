import { describe, expect, it } from 'vitest';
import { createRouteTemplates, UNMATCHED_ROUTE } from '../../src';

const routeOf = createRouteTemplates([
  '/',
  '/join',
  '/clinician/sessions/{id}',
  '/join/api/status',
]);

describe('a request is labelled by its route template, never by its path (decision 0043)', () => {
  it.each([
    ['/api/v1/virtual-care/sessions', '/api/v1/virtual-care/sessions'],
    [
      '/api/v1/virtual-care/sessions/vsn_01JCZ3V5J4Y9Q8W7E6R5T4Y3U2',
      '/api/v1/virtual-care/sessions/{id}',
    ],
    // A literal segment wins over a parameter.
    ['/api/v1/virtual-care/sessions/join?token=eyJ.secret', '/api/v1/virtual-care/sessions/join'],
    ['/api/v1/virtual-care/sessions/join/status', '/api/v1/virtual-care/sessions/join/status'],
    [
      '/api/v1/virtual-care/sessions/vsn_1/admit/vsp_2',
      '/api/v1/virtual-care/sessions/{sessionId}/admit/{participantId}',
    ],
    [
      '/api/v1/virtual-care/async-visits/attachments/att_01JCZ3V5J4Y9Q8W7E6R5T4Y3U2',
      '/api/v1/virtual-care/async-visits/attachments/{attachmentRef}',
    ],
    ['/api/v1/virtual-care/openapi.json', '/api/v1/virtual-care/openapi.json'],
    ['/api/trpc/sessions.list?input=%7B%7D', '/api/trpc/sessions.list'],
    ['/api/trpc/me,waitingRoom.list?batch=1', '/api/trpc/{batch}'],
    ['/api/trpc/no.such.procedure', '/api/trpc/{unknown}'],
    ['/join?token=a.b', '/join'],
    ['/join/', '/join'],
    ['/', '/'],
    ['/clinician/sessions/vsn_01JCZ3V5J4Y9Q8W7E6R5T4Y3U2', '/clinician/sessions/{id}'],
    ['/_next/static/chunks/app-1234.js', '/_next/{asset}'],
    ['/wp-admin/setup.php', UNMATCHED_ROUTE],
    ['/clinician/sessions/a/b', UNMATCHED_ROUTE],
  ])('%s -> %s', (path, template) => {
    expect(routeOf(path)).toBe(template);
  });
});
