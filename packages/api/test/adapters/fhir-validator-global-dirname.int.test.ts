import { afterAll, expect, it } from 'vitest';
import { buildEncounter } from '../../src/adapters/fhir-gateway.adapter';
import { fhirValidationIssues } from '../../src/adapters/fhir-validator';

// Prisma's generated client sets a global `__dirname` to its own folder when packages/db loads. The
// definitions must still be found, or every demo Encounter fails validation and stays pending forever.
const g = globalThis as { __dirname?: string };
g.__dirname = '/nonexistent/prisma/generated';
afterAll(() => {
  delete g.__dirname;
});

it('validates Encounters while a foreign global __dirname is set', async () => {
  const encounter = buildEncounter({
    tenantId: '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e01',
    sourceId: 'vsn_01JS0000000000000000000000',
    source: 'virtual_session',
    patientId: '8b3e4c6a-af5d-4e7c-9a91-2c3d4e5f6a01',
    appointmentId: null,
    practitionerIds: ['7a2d3b5f-9e4c-4d6b-8f80-1b2c3d4e5f01'],
    periodStart: new Date('2026-11-22T10:00:00Z'),
    periodEnd: new Date('2026-11-22T10:20:00Z'),
  });
  expect(await fhirValidationIssues(encounter)).toEqual([]);
  expect(g.__dirname).toBe('/nonexistent/prisma/generated');
}, 60_000);
