import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { CSSProperties, ReactNode } from 'react';
import {
  directionOf,
  format,
  getDictionary,
  LOCALE_COOKIE,
  pickLocale,
  type Dictionary,
  type JoinErrorKind,
  type Locale,
} from '../../i18n';
import {
  isJoinErrorKind,
  JOIN_COOKIE,
  joinProblemOf,
  joinStatus,
  requestIdOf,
  type JoinStatus,
} from './_lib/join-server';
import { JoinFlow, VisitTime, type JoinPhase } from './join-flow';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function requestLocale(): Promise<Locale> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return pickLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerList.get('accept-language'));
}

export async function generateMetadata(): Promise<Metadata> {
  const t = getDictionary(await requestLocale());
  // The link's token must never travel in a Referer; robots have no business here.
  return { title: t.metaTitle, referrer: 'no-referrer', robots: { index: false, follow: false } };
}

/**
 * The patient's join page. `/join?token=` goes through /join/api/link (checks the link, keeps the token
 * in an HttpOnly cookie, 303 back here), so from then on the token is in no URL. Server-rendered; the
 * only client code is the device check / waiting room / video island.
 */
export default async function JoinPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  if (typeof params.token === 'string')
    redirect(`/join/api/link?token=${encodeURIComponent(params.token)}`);

  const locale = await requestLocale();
  const t = getDictionary(locale);
  const problem = isJoinErrorKind(params.problem) ? params.problem : null;
  if (problem) {
    const reference = typeof params.ref === 'string' ? params.ref.slice(0, 128) : undefined;
    return <ProblemPage t={t} locale={locale} kind={problem} reference={reference} />;
  }

  const token = (await cookies()).get(JOIN_COOKIE)?.value;
  if (!token) return <ProblemPage t={t} locale={locale} kind="missing" />;

  const requestId = requestIdOf(await headers());
  let status: JoinStatus;
  try {
    status = await joinStatus(token, requestId);
  } catch (error) {
    const kind = joinProblemOf(error, requestId, 'join.page');
    return <ProblemPage t={t} locale={locale} kind={kind} reference={requestId} />;
  }
  if (['ended', 'cancelled', 'failed'].includes(status.sessionStatus))
    return <ProblemPage t={t} locale={locale} kind="cancelled" />;
  if (status.participantStatus === 'removed')
    return <ProblemPage t={t} locale={locale} kind="removed" />;

  const phase: JoinPhase = ['waiting', 'disconnected', 'admitted', 'active'].includes(
    status.participantStatus,
  )
    ? 'waiting'
    : 'check';

  return (
    <JoinFrame
      t={t}
      locale={locale}
      tenantName={status.tenantName ?? undefined}
      branding={status.branding}
    >
      <div className="vc-join__intro">
        <h1>{format(t.visitWith, { tenant: status.tenantName ?? t.productName })}</h1>
        <p>
          <strong>{t.visitTime}: </strong>
          <VisitTime iso={status.scheduledStart} locale={locale} />
        </p>
      </div>
      <details className="vc-card vc-join__consent" open={phase === 'check'}>
        <summary>{t.consentHeading}</summary>
        <p>{t.consentText}</p>
      </details>
      <JoinFlow t={t} locale={locale} initialPhase={phase} />
      <p className="vc-join__help">{t.contactClinic}</p>
    </JoinFrame>
  );
}

function ProblemPage({
  t,
  locale,
  kind,
  reference,
}: {
  t: Dictionary;
  locale: Locale;
  kind: JoinErrorKind;
  /** The request id of an unexpected failure, for the clinic to find in its logs. */
  reference?: string | undefined;
}) {
  const text = t.errors[kind];
  return (
    <JoinFrame t={t} locale={locale} problem={kind}>
      <section className="vc-card vc-join__problem" aria-labelledby="problem-title">
        <div className="vc-card__body vc-stack">
          <h1 id="problem-title">{text.title}</h1>
          <p>{text.body}</p>
          <p className="vc-join__help">{t.contactClinic}</p>
          {kind === 'unavailable' && reference ? (
            <p className="vc-join__reference">
              {t.reference}: <code>{reference}</code>
            </p>
          ) : null}
        </div>
      </section>
    </JoinFrame>
  );
}

/** Page frame for the patient pages: language and direction, skip link, tenant brand, language switch, main. */
function JoinFrame({
  t,
  locale,
  tenantName,
  branding,
  problem,
  children,
}: {
  t: Dictionary;
  locale: Locale;
  tenantName?: string;
  branding?: JoinStatus['branding'];
  problem?: JoinErrorKind;
  children: ReactNode;
}) {
  const dir = directionOf(locale);
  // The brand colour only tints a decorative bar: a tenant's colour must not break text contrast.
  const accent = branding?.primaryColor
    ? ({ '--vc-join-accent': branding.primaryColor } as CSSProperties)
    : undefined;
  return (
    <div lang={locale} dir={dir} className="vc-join" style={accent}>
      {/* The document itself follows the page's language (the root layout cannot know it). */}
      <script
        dangerouslySetInnerHTML={{
          __html: `document.documentElement.lang=${JSON.stringify(locale)};document.documentElement.dir=${JSON.stringify(dir)};`,
        }}
      />
      <a className="vc-skip-link" href="#main">
        {t.skipLink}
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
            <span className="vc-shell__product">{t.productName}</span>
            {tenantName ? <span className="vc-shell__tenant">{tenantName}</span> : null}
          </div>
          <form method="post" action="/join/api/language" className="vc-shell__user">
            {problem ? <input type="hidden" name="problem" value={problem} /> : null}
            <input type="hidden" name="locale" value={t.languageSwitchLang} />
            <span className="vc-visually-hidden">{t.languageLabel}: </span>
            <button type="submit" className="vc-button vc-button--secondary vc-button--small">
              <span lang={t.languageSwitchLang}>{t.languageSwitch}</span>
              <span className="vc-visually-hidden"> ({t.languageSwitchName})</span>
            </button>
          </form>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="vc-join__main">
        {children}
      </main>
    </div>
  );
}
