import { getServices } from '../../../server/composition';
import { violationsIn } from './csp-violation';

export const dynamic = 'force-dynamic';

/** Reports are small; anything bigger is not a browser's report. */
const MAX_REPORT_BYTES = 16 * 1024;

/**
 * POST /api/csp-reports: where browsers report what the Content-Security-Policy blocked (src/proxy.ts), so an
 * operator sees a broken page or an injection attempt in the logs. Answers 204 whatever it receives: a reporter
 * learns nothing from it.
 */
export async function POST(request: Request): Promise<Response> {
  const length = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(length) && length <= MAX_REPORT_BYTES) {
    const text = await request.text();
    for (const violation of violationsIn(text)) {
      getServices().logger.warn(violation, 'csp_violation');
    }
  }
  return new Response(null, { status: 204 });
}
