import { EmptyState, PageHeader, Panel } from '@virtual-care/ui';
import type { Metadata } from 'next';
import { AreaShell } from '../../components/area-shell';
import { PortalConsents } from '../../components/consent/portal-consents';
import { requireRole } from '../../server/session';
import { TRPCReactProvider } from '../../trpc/client';

export const metadata: Metadata = { title: 'My visits' };

export default async function PatientPortalPage() {
  const session = await requireRole(['patient'], '/portal');
  return (
    <AreaShell session={session} current="/portal">
      <PageHeader title="My visits">
        Video visits with {session.tenantName || 'your clinic'}.
      </PageHeader>
      <Panel title="Upcoming visits">
        <EmptyState title="No visits yet">
          When your clinic books a video visit, it will appear here, and they will send you a link
          to join.
        </EmptyState>
      </Panel>
      <section aria-labelledby="consents-heading" className="vc-stack">
        <h2 id="consents-heading">Your consents</h2>
        <p>
          Your clinic needs your agreement before a video visit, and separately before recording
          one. You can change your mind at any time.
        </p>
        {/* Only this section talks to the API from the browser; the rest of the portal stays server-rendered. */}
        <TRPCReactProvider>
          <PortalConsents />
        </TRPCReactProvider>
      </section>
    </AreaShell>
  );
}
