import { PageHeader } from '@virtual-care/ui';
import type { Metadata } from 'next';
import { SettingsForm } from '../../../components/admin/settings-form';
import { AreaShell } from '../../../components/area-shell';
import { requireRole } from '../../../server/session';

export const metadata: Metadata = { title: 'Settings' };

export default async function AdminSettingsPage() {
  const session = await requireRole(['tenant_admin'], '/admin/settings');
  return (
    <AreaShell session={session} current="/admin/settings">
      <PageHeader title="Settings">
        How Virtual Care works for {session.tenantName || 'your clinic'}.
      </PageHeader>
      <SettingsForm tenantName={session.tenantName} />
    </AreaShell>
  );
}
