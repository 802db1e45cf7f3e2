import { useTranslations } from 'next-intl';
import type { CSSProperties } from 'react';

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/**
 * The patient join page's header as it will look with this branding (same markup and classes as app/join), updated
 * as the admin types. Values the server would refuse are not shown, as the join page would not show them either.
 */
export function JoinHeaderPreview({
  tenantName,
  logoUrl,
  primaryColor,
}: {
  tenantName: string;
  logoUrl: string;
  primaryColor: string;
}) {
  const t = useTranslations('admin.preview');
  const common = useTranslations('common');
  const colour = HEX.test(primaryColor.trim()) ? primaryColor.trim() : null;
  const logo = /^https:\/\/[^\s/]+/i.test(logoUrl.trim()) ? logoUrl.trim() : null;
  const accent = colour ? ({ '--vc-join-accent': colour } as CSSProperties) : undefined;
  return (
    <figure className="vc-stack" aria-labelledby="branding-preview-caption">
      <figcaption id="branding-preview-caption" className="vc-field__label">
        {t('caption')}
      </figcaption>
      <div
        className="vc-join vc-admin-preview"
        style={{ ...accent, minBlockSize: 'auto' }}
        data-testid="branding-preview"
        data-accent={colour ?? ''}
      >
        <div className="vc-shell__header vc-join__header">
          <div className="vc-shell__bar">
            <div className="vc-shell__brand">
              {logo ? (
                // eslint-disable-next-line @next/next/no-img-element -- a tenant's https logo, any host, exactly as the join page shows it
                <img
                  src={logo}
                  alt={t('logo')}
                  className="vc-join__logo"
                  referrerPolicy="no-referrer"
                  data-testid="branding-preview-logo"
                />
              ) : null}
              <span className="vc-shell__product">{common('productName')}</span>
              {tenantName ? <span className="vc-shell__tenant">{tenantName}</span> : null}
            </div>
          </div>
        </div>
      </div>
    </figure>
  );
}
