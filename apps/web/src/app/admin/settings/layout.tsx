import type { ReactNode } from 'react';
import { requireRole } from '../../../server/session';
import { TRPCReactProvider } from '../../../trpc/client';

/** Tenant administrators only. */
export default async function AdminSettingsLayout({ children }: { children: ReactNode }) {
  await requireRole(['tenant_admin'], '/admin/settings');
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
