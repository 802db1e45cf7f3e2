import type { ReactNode } from 'react';
import { requireRole } from '../../server/session';
import { TRPCReactProvider } from '../../trpc/client';

/** Clinicians only, checked on the server for every request into this area. */
export default async function ClinicianLayout({ children }: { children: ReactNode }) {
  await requireRole(['clinician'], '/clinician');
  // The dashboard's live widgets (later issue) use tRPC from the browser; patient pages do not load this.
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
