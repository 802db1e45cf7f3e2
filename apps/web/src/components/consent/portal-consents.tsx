'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Panel } from '@virtual-care/ui';
import { useLocale, useTranslations } from 'next-intl';
import { formatDate } from '../../i18n';
import { useApiErrorMessage } from '../../i18n/api-errors';
import { useTRPC } from '../../trpc/client';

/** The current consent texts with the signed-in patient's decision on each, and grant / withdraw. */
export function PortalConsents() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const t = useTranslations('consent');
  const locale = useLocale();
  const errorMessage = useApiErrorMessage();
  const texts = useQuery(trpc.consents.texts.queryOptions());
  const mine = useQuery(trpc.consents.mine.queryOptions());
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: trpc.consents.mine.queryKey() });
  const grant = useMutation(trpc.consents.grant.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.consents.revoke.mutationOptions({ onSuccess: refresh }));
  const failure = grant.error ?? revoke.error ?? mine.error ?? texts.error;

  if (texts.isPending || mine.isPending) return <p role="status">{t('portal.loading')}</p>;
  return (
    <div className="vc-stack">
      {failure ? <Alert tone="error">{errorMessage(failure)}</Alert> : null}
      {locale !== 'en' ? (
        <Alert tone="info" announce={false}>
          {t('englishOnly')}
        </Alert>
      ) : null}
      {(texts.data?.items ?? []).map((text) => {
        const state = mine.data?.current.find((c) => c.type === text.type);
        const granted = state?.granted ?? false;
        const busy = grant.isPending || revoke.isPending;
        const decided = state?.latest
          ? t(granted ? 'portal.agreedOn' : 'portal.withdrewOn', {
              date: formatDate(state.latest.capturedAt, locale, 'shortDateTime'),
            })
          : t('portal.undecided');
        return (
          <Panel
            key={text.type}
            title={t(`types.${text.type}`)}
            data-testid={`consent-${text.type}`}
          >
            <div className="vc-stack">
              {/* The exact, versioned words the patient agrees to: kept as the clinic wrote them. */}
              <p lang="en" dir="ltr">
                {text.body}
              </p>
              <p className="vc-field__description">
                {t('textVersion', { version: text.version })} {decided}
              </p>
              <p>
                <strong data-testid={`consent-${text.type}-status`}>
                  {granted ? t('portal.agreed') : t('portal.notAgreed')}
                </strong>
              </p>
              <div>
                {granted ? (
                  <Button
                    variant="secondary"
                    disabled={busy}
                    onClick={() => revoke.mutate({ type: text.type, textVersion: text.version })}
                  >
                    {t('portal.withdraw')}
                  </Button>
                ) : (
                  <Button
                    disabled={busy}
                    onClick={() => grant.mutate({ type: text.type, textVersion: text.version })}
                  >
                    {t('portal.agree')}
                  </Button>
                )}
              </div>
            </div>
          </Panel>
        );
      })}
    </div>
  );
}
