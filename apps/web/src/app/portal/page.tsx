import { EmptyState, PageHeader, Panel } from '@virtual-care/ui';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AreaShell } from '../../components/area-shell';
import { PortalConsents } from '../../components/consent/portal-consents';
import { PortalVisit } from '../../components/portal/portal-visit';
import { getServices } from '../../server/composition';
import { requireRole } from '../../server/session';
import { getServerCaller } from '../../trpc/server';
import { TRPCReactProvider } from '../../trpc/client';
import { portalVisits } from '../../components/portal/portal-visits';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('portal');
  return { title: t('metaTitle') };
}

/**
 * The signed-in patient's visits (their own only: the procedure asks for the caller's, and the database confines
 * the read to them as well), upcoming with a Join button while the link would work, then past ones; and their
 * consents.
 */
export default async function PatientPortalPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireRole(['patient'], '/portal');
  const t = await getTranslations('portal');
  const common = await getTranslations('common');
  const [{ items }, config] = await Promise.all([
    (await getServerCaller()).sessions.list({ order: 'desc', limit: 100 }),
    getServices().virtualCare.directory.videoConfig(session.tenantId),
  ]);
  const { upcoming, past } = portalVisits(items, config, new Date());
  const joinFailed = (await searchParams).problem === 'join';
  return (
    <AreaShell session={session} current="/portal">
      <PageHeader title={t('title')}>
        {t('intro', { clinic: session.tenantName || common('yourClinic') })}
      </PageHeader>
      {joinFailed ? (
        <p className="vc-alert vc-alert--error" role="alert">
          {t('joinFailed')}
        </p>
      ) : null}
      <Panel title={t('upcoming')}>
        {upcoming.length === 0 ? (
          <EmptyState title={t('noUpcoming')}>{t('noUpcomingHelp')}</EmptyState>
        ) : (
          <ul className="vc-visits" aria-label={t('upcoming')}>
            {upcoming.map((visit) => (
              <PortalVisit key={visit.id} visit={visit} />
            ))}
          </ul>
        )}
      </Panel>
      <Panel title={t('past')}>
        {past.length === 0 ? (
          <EmptyState title={t('noPast')} />
        ) : (
          <ul className="vc-visits" aria-label={t('past')}>
            {past.map((visit) => (
              <PortalVisit key={visit.id} visit={visit} />
            ))}
          </ul>
        )}
      </Panel>
      <Panel title={t('askTitle')}>
        <p>{t('askIntro')}</p>
        {/* A plain link: the async-visit page is its own small document, not a client-side route. */}
        <a href="/portal/async-visits" className="vc-button vc-button--primary">
          {t('askLink')}
        </a>
      </Panel>
      <section aria-labelledby="consents-heading" className="vc-stack">
        <h2 id="consents-heading">{t('consentsTitle')}</h2>
        <p>{t('consentsIntro')}</p>
        {/* Only this section talks to the API from the browser; the rest of the portal stays server-rendered. */}
        <TRPCReactProvider>
          <PortalConsents />
        </TRPCReactProvider>
      </section>
    </AreaShell>
  );
}
