'use client';

import { useMutation } from '@tanstack/react-query';
import { Alert, Button } from '@virtual-care/ui';
import { useLocale, useTranslations } from 'next-intl';
import { formatNumber } from '../../i18n';
import { useApiErrorMessage } from '../../i18n/api-errors';
import { useTRPC } from '../../trpc/client';

/**
 * "Test connection" against the URL in the form (before saving) or, when empty, the saved configuration. A
 * result belongs to the address it tested: once the address in the form changes, the old result goes.
 */
export function TestConnection({ jitsiServerUrl }: { jitsiServerUrl: string }) {
  const trpc = useTRPC();
  const t = useTranslations('admin.test');
  const common = useTranslations('common');
  const locale = useLocale();
  const errorMessage = useApiErrorMessage();
  const test = useMutation(trpc.config.testConnection.mutationOptions());
  const testedUrl = test.variables ? (test.variables.jitsiServerUrl ?? '') : null;
  const current = testedUrl === jitsiServerUrl;
  const latency = test.data
    ? formatNumber(test.data.latencyMs, locale, { useGrouping: false })
    : '';
  return (
    <div className="vc-stack">
      <div>
        <Button
          variant="secondary"
          onClick={() => test.mutate(jitsiServerUrl ? { jitsiServerUrl } : {})}
          disabled={test.isPending}
        >
          {test.isPending ? t('testing') : t('button')}
        </Button>
      </div>
      <div aria-live="polite" data-testid="connection-result">
        {!current ? null : test.data?.healthy ? (
          <Alert tone="success" title={t('connectedTitle')}>
            {t('connected', { latency })}
          </Alert>
        ) : test.data ? (
          <Alert tone="error" title={t('unreachableTitle')}>
            {t('unreachable', { latency })}{' '}
            {test.data.reason ? (
              <span>
                {common('technicalDetail')}:{' '}
                {/* The service's own words, for whoever runs it: in English. */}
                <span lang="en" dir="ltr">
                  {test.data.reason}
                </span>
              </span>
            ) : (
              t('noReason')
            )}
          </Alert>
        ) : test.isError ? (
          <Alert tone="error">{errorMessage(test.error)}</Alert>
        ) : null}
      </div>
    </div>
  );
}
