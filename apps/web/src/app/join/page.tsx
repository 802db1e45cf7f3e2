import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { CSSProperties, ReactNode } from 'react';
import { formatDate, SERVER_TIME_ZONE, type JoinErrorKind, type Locale } from '../../i18n';
import { compiledNamespace } from '../../i18n/compiled.server';
import { LanguageSwitcher } from '../../i18n/language-switcher';
import {
  isJoinErrorKind,
  JOIN_COOKIE,
  joinProblemOf,
  join,
  requestIdOf,
  type JoinStatus,
} from './_lib/join-server';
import { JoinFlow, type JoinPhase } from './join-flow';
import { readWaitingInfo } from './waiting-info';
import { VisitTime } from './visit-time';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('joinPage');
  // The link's token must never travel in a Referer; robots have no business here.
  return {
    title: t('metaTitle'),
    referrer: 'no-referrer',
    robots: { index: false, follow: false },
  };
}

/**
 * The patient's join page. `/join?token=` goes through /join/api/link (checks the link, keeps the token
 * in an HttpOnly cookie, 303 back here), so from then on the token is in no URL. Server-rendered in the
 * patient's language; the only client code is the device check / waiting room / video island, which gets
 * its own messages precompiled (no i18n runtime, no message catalogue in its JavaScript).
 */
export default async function JoinPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  if (typeof params.token === 'string')
    redirect(`/join/api/link?token=${encodeURIComponent(params.token)}`);

  const locale = await getLocale();
  const problem = isJoinErrorKind(params.problem) ? params.problem : null;
  if (problem) {
    const reference = typeof params.ref === 'string' ? params.ref.slice(0, 128) : undefined;
    return <ProblemPage locale={locale} kind={problem} reference={reference} fromUrl />;
  }

  const token = (await cookies()).get(JOIN_COOKIE)?.value;
  if (!token) return <ProblemPage locale={locale} kind="missing" />;

  const requestId = requestIdOf(await headers());
  let status: JoinStatus;
  try {
    status = await join.status(token);
  } catch (error) {
    const kind = joinProblemOf(error, requestId, 'join.page');
    return <ProblemPage locale={locale} kind={kind} reference={requestId} />;
  }
  const closedReason = (status as { closedReason?: unknown }).closedReason;
  if (status.sessionStatus === 'cancelled' && closedReason === 'no_show')
    return <ProblemPage locale={locale} kind="missed" />;
  // A failed visit that continues in messages (US-008) still opens: on its thread.
  if (['ended', 'cancelled', 'failed'].includes(status.sessionStatus) && !status.messaging)
    return <ProblemPage locale={locale} kind="cancelled" />;
  if (status.participantStatus === 'removed') return <ProblemPage locale={locale} kind="removed" />;

  const phase: JoinPhase = status.messaging
    ? 'messaging'
    : ['waiting', 'disconnected', 'admitted', 'active'].includes(status.participantStatus)
      ? 'waiting'
      : 'check';

  const [t, messages] = await Promise.all([
    getTranslations('joinPage'),
    compiledNamespace(locale, 'join'),
  ]);
  const tenant = status.tenantName ?? (await getTranslations('common'))('productName');
  return (
    <JoinFrame
      locale={locale}
      tenantName={status.tenantName ?? undefined}
      branding={status.branding}
    >
      <JoinFlow
        locale={locale}
        messages={messages}
        initialPhase={phase}
        initialWaiting={readWaitingInfo(status)}
        initialMessaging={status.messaging}
        intro={
          <div className="vc-join__intro">
            <h1>{t('visitWith', { tenant })}</h1>
            <p>
              <strong>{t('visitTime')}: </strong>
              <VisitTime
                iso={status.scheduledStart}
                locale={locale}
                serverText={formatDate(status.scheduledStart, locale, 'dateTime', SERVER_TIME_ZONE)}
              />
            </p>
          </div>
        }
        consent={
          // Collapsed: one tap away, never in the way of the steps (or of the video on a phone).
          <details className="vc-card vc-join__consent">
            <summary>{t('consentHeading')}</summary>
            <p>{t('consentText')}</p>
          </details>
        }
        help={<p className="vc-join__help">{t('contactClinic')}</p>}
      />
    </JoinFrame>
  );
}

async function ProblemPage({
  locale,
  kind,
  reference,
  fromUrl = false,
}: {
  locale: Locale;
  kind: JoinErrorKind;
  /** The request id of an unexpected failure, for the clinic to find in its logs. */
  reference?: string | undefined;
  /** Reached through /join?problem=: the language switch comes back to the same page. */
  fromUrl?: boolean;
}) {
  const [t, page] = await Promise.all([
    getTranslations('join.problems'),
    getTranslations('joinPage'),
  ]);
  return (
    <JoinFrame locale={locale} problem={fromUrl ? kind : undefined}>
      <section className="vc-card vc-join__problem" aria-labelledby="problem-title">
        <div className="vc-card__body vc-stack">
          <h1 id="problem-title">{t(`${kind}.title`)}</h1>
          <p>{t(`${kind}.body`)}</p>
          <p className="vc-join__help">{page('contactClinic')}</p>
          {kind === 'unavailable' && reference ? (
            <p className="vc-join__reference">
              {page('reference')}: <code>{reference}</code>
            </p>
          ) : null}
        </div>
      </section>
    </JoinFrame>
  );
}

/** Page frame for the patient pages: skip link, tenant brand, language choice, main. */
async function JoinFrame({
  locale,
  tenantName,
  branding,
  problem,
  children,
}: {
  locale: Locale;
  tenantName?: string;
  branding?: JoinStatus['branding'];
  problem?: JoinErrorKind;
  children: ReactNode;
}) {
  const common = await getTranslations('common');
  // The brand colour only tints a decorative bar: a tenant's colour must not break text contrast.
  const accent = branding?.primaryColor
    ? ({ '--vc-join-accent': branding.primaryColor } as CSSProperties)
    : undefined;
  return (
    <div className="vc-join" style={accent}>
      <a className="vc-skip-link" href="#main">
        {common('skipLink')}
      </a>
      <header className="vc-shell__header vc-join__header">
        <div className="vc-shell__bar">
          <div className="vc-shell__brand">
            {branding?.logoUrl ? (
              // eslint-disable-next-line @next/next/no-img-element -- a tenant's https logo, any host; next/image would need each host configured
              <img
                src={branding.logoUrl}
                alt=""
                className="vc-join__logo"
                referrerPolicy="no-referrer"
              />
            ) : null}
            <span className="vc-shell__product">{common('productName')}</span>
            {tenantName ? <span className="vc-shell__tenant">{tenantName}</span> : null}
          </div>
          {/* A plain form POST: the language changes without JavaScript too. */}
          <LanguageSwitcher
            locale={locale}
            label={common('language')}
            action="/join/api/language"
            hiddenFields={problem ? { problem } : undefined}
          />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="vc-join__main">
        {children}
      </main>
    </div>
  );
}
