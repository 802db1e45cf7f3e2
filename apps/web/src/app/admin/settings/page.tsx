import { PageHeader } from '@virtual-care/ui';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { SettingsForm } from '../../../components/admin/settings-form';
import { AreaShell } from '../../../components/area-shell';
import { requireRole } from '../../../server/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin');
  return { title: t('metaTitle') };
}

export default async function AdminSettingsPage() {
  const session = await requireRole(['tenant_admin'], '/admin/settings');
  const [t, common] = await Promise.all([getTranslations('admin'), getTranslations('common')]);
  return (
    <AreaShell session={session} current="/admin/settings">
      <PageHeader title={t('title')}>
        {t('intro', { tenant: session.tenantName || common('yourClinic') })}
      </PageHeader>
      <SettingsForm tenantName={session.tenantName} />
    </AreaShell>
  );
}
