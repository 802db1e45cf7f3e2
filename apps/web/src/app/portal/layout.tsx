import type { ReactNode } from 'react';
import { requireRole } from '../../server/session';

/** Patients with an account. Kept light: no client data library here. */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  await requireRole(['patient'], '/portal');
  return children;
}
