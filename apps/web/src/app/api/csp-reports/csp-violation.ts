/** What the logs keep of one report: where and what, never a query string (a join link's token) or a sample. */
export interface CspViolation {
  page: string;
  directive: string;
  blocked: string;
}

type RawReport = Record<string, unknown>;

/** An address reduced to its origin and path; the keywords browsers report ('inline', 'eval') as they are. */
function withoutQuery(value: unknown): string {
  if (typeof value !== 'string' || value === '') return 'unknown';
  try {
    const url = new URL(value);
    return `${url.origin}${url.pathname}`;
  } catch {
    return value.slice(0, 32);
  }
}

function violationOf(report: RawReport): CspViolation {
  return {
    page: withoutQuery(report['document-uri'] ?? report.documentURL),
    directive: String(
      report['effective-directive'] ?? report.effectiveDirective ?? report['violated-directive'],
    ),
    blocked: withoutQuery(report['blocked-uri'] ?? report.blockedURL),
  };
}

/**
 * The violations in a report body: `application/csp-report` (report-uri, one `{"csp-report": …}`) or
 * `application/reports+json` (the Reporting API, a list of `{type: "csp-violation", body}`). Anything else: none.
 */
export function violationsIn(text: string): CspViolation[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (Array.isArray(parsed)) {
    return parsed
      .filter(
        (entry: RawReport | null) =>
          entry?.type === 'csp-violation' && typeof entry.body === 'object' && entry.body !== null,
      )
      .map((entry: RawReport) => violationOf(entry.body as RawReport));
  }
  const single = (parsed as RawReport | null)?.['csp-report'];
  return typeof single === 'object' && single !== null ? [violationOf(single as RawReport)] : [];
}
