import { checkReadiness, createNatsProbe } from '@virtual-care/api';
import { getEnv } from '../../../env';
import { pingDatabase } from '../../../server/database';

/** Readiness: 200 when the database and NATS (if configured) answer now, else 503 naming which failed. */
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const env = getEnv();
  const report = await checkReadiness({
    database: pingDatabase,
    nats: env.natsUrl ? createNatsProbe(env.natsUrl) : null,
  });
  return Response.json(report, {
    status: report.status === 'ready' ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
