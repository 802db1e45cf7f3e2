/** Languages of the patient pages. English first; Dari (Afghan Persian) is written right to left. */
export const LOCALES = ['en', 'fa-AF'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
/** Cookie that remembers the patient's choice (set by the language switch). */
export const LOCALE_COOKIE = 'vc-lang';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: Locale): 'ltr' | 'rtl' {
  return locale === 'fa-AF' ? 'rtl' : 'ltr';
}

/**
 * The cookie wins; otherwise the first Accept-Language entry we speak, by quality. Any Persian
 * (fa, fa-AF, fa-IR, prs) gets Dari: the closest we have and readable to all of them.
 */
export function pickLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number.parseFloat(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.tag.length > 0 && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (primary === 'fa' || primary === 'prs') return 'fa-AF';
    if (primary === 'en') return 'en';
  }
  return DEFAULT_LOCALE;
}

/** Visit times in the patient's language; the clinic's time zone is unknown here, so the browser's is used. */
export function intlLocale(locale: Locale): string {
  // Dari with Latin digits would be odd; fa-AF gives Eastern Arabic digits and the Solar Hijri calendar.
  return locale;
}
