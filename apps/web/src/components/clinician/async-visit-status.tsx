'use client';

import type { AppRouter } from '@virtual-care/api';
import type { inferRouterOutputs } from '@trpc/server';
import { StatusBadge, type SessionStatus } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';

export type AsyncVisit = inferRouterOutputs<AppRouter>['asyncVisits']['get'];
export type AsyncVisitStatus = AsyncVisit['status'];

/** The badge colours are named after session states; each async-visit state borrows the one that reads alike. */
const BADGE_LOOK: Record<AsyncVisitStatus, SessionStatus> = {
  draft: 'scheduled',
  submitted: 'waiting',
  under_review: 'active',
  responded: 'ended',
  closed: 'cancelled',
};

/** The visit's state as text plus colour (never colour alone). */
export function AsyncVisitStatusBadge({ status }: { status: AsyncVisitStatus }) {
  const t = useTranslations('clinician.asyncVisits.status');
  return <StatusBadge status={BADGE_LOOK[status]} label={t(status)} />;
}
