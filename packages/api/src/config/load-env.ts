import { z } from 'zod';

export type EnvSource = Readonly<Record<string, string | undefined>>;

/**
 * One package's environment variables: a zod object of them, transformed to that package's typed config
 * (`dbEnvSlice` in packages/db, `apiEnvSlice` here, each app's own in its env.ts).
 */
export type EnvSlice<Config extends object = object> = z.ZodType<Config>;

/** The configs of `Slices`, merged: what an app's env.ts hands to the rest of the app. */
export type ComposedEnv<Slices extends readonly EnvSlice[]> = Slices extends readonly [
  infer First extends EnvSlice,
  ...infer Rest extends readonly EnvSlice[],
]
  ? z.output<First> & ComposedEnv<Rest>
  : unknown;

export class EnvError extends Error {
  override name = 'EnvError';
}

/**
 * Parses `source` (the app's process.env, read only in its env.ts) with every slice and merges their configs, as
 * create-t3-turbo's `createEnv({ extends })` does. Throws one EnvError naming every bad variable of every slice;
 * messages never repeat a value, so key material stays out of logs.
 */
export function loadEnv<const Slices extends readonly EnvSlice[]>(
  app: string,
  slices: Slices,
  source: EnvSource,
): ComposedEnv<Slices> {
  const input = emptyAsUndefined(source);
  const problems = new Set<string>(); // a variable two slices read (NEXTAUTH_URL) is named once
  const configs: object[] = [];
  for (const slice of slices) {
    const result = slice.safeParse(input);
    if (result.success) configs.push(result.data);
    else
      for (const issue of result.error.issues)
        problems.add(`  - ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  }
  if (problems.size > 0)
    throw new EnvError(
      `Invalid environment for ${app}:\n${[...problems].join('\n')}\nSee .env.example for every variable.`,
    );
  const merged: Record<string, unknown> = {};
  for (const config of configs)
    for (const [key, value] of Object.entries(config)) {
      if (key in merged) throw new Error(`env slices of ${app} both set config.${key}`);
      merged[key] = value;
    }
  return merged as ComposedEnv<Slices>;
}

/** The variables a slice reads, in declaration order (for docs and the .env.example check). */
export function envVariables(slice: EnvSlice): string[] {
  const names = (schema: z.ZodType): string[] => {
    if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
    if (schema instanceof z.ZodPipe) return names(schema.in as z.ZodType);
    if (schema instanceof z.ZodIntersection)
      return [...names(schema.def.left as z.ZodType), ...names(schema.def.right as z.ZodType)];
    throw new Error('an env slice is a zod object, or an intersection or pipe of zod objects');
  };
  return names(slice);
}

/** Treats `FOO=` (empty) as unset, which is what a blank line in .env means. */
function emptyAsUndefined(source: EnvSource): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === '' ? undefined : v]));
}
