import { z } from 'zod';

/** How an app reaches PostgreSQL: its login role's URL and the size of each of its two pools. */
export interface DbConfig {
  databaseUrl: string;
  databasePoolSize: number;
}

/** The database's environment variables; each app composes this slice into its env.ts (.env.example lists them). */
export const dbEnvSlice = z
  .object({
    DATABASE_URL: z
      .string({ error: 'is required (a postgresql:// connection string)' })
      .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgresql:// URL (or postgres://)'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  })
  .transform((env): DbConfig => ({
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
  }));
