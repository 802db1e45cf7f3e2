import { z } from 'zod';
import { ROLES } from '../../auth/role';

export const meOutputSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  tenant: z.object({ id: z.string(), name: z.string().nullable() }),
  roles: z.array(z.enum(ROLES)),
});

export type MeOutput = z.infer<typeof meOutputSchema>;
