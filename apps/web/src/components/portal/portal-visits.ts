import type { VirtualSessionDto } from '@virtual-care/api';
import {
  defaultTenantConfig,
  joinWindow,
  type TenantVirtualCareConfigRecord,
} from '@virtual-care/domain';

export interface PortalVisitView extends VirtualSessionDto {
  /**
   * While the patient's link works (the domain's join window: the tenant's grace before the start and after the
   * end): when it opens, whether it is open now, whether it opens today; null once it has closed (a past visit).
   */
  join: { opensAt: string; open: boolean; opensToday: boolean } | null;
}

const CLOSED = ['ended', 'cancelled', 'failed'];

/** The patient's visits as the portal shows them, at `now`: upcoming (soonest first) and past (newest first). */
export function portalVisits(
  visits: readonly VirtualSessionDto[],
  config: TenantVirtualCareConfigRecord | null,
  now: Date,
): { upcoming: PortalVisitView[]; past: PortalVisitView[] } {
  const grace = config ?? defaultTenantConfig('', now);
  const views = visits.map((visit): PortalVisitView => {
    const window = joinWindow(
      {
        scheduledStart: new Date(visit.scheduledStart),
        scheduledEnd: new Date(visit.scheduledEnd),
      },
      grace,
    );
    const closed = CLOSED.includes(visit.status) || now >= window.expiresAt;
    return {
      ...visit,
      join: closed
        ? null
        : {
            opensAt: window.notBefore.toISOString(),
            open: now >= window.notBefore,
            opensToday: window.notBefore.toDateString() === now.toDateString(),
          },
    };
  });
  return {
    upcoming: views.filter((v) => v.join !== null).reverse(),
    past: views.filter((v) => v.join === null),
  };
}
