/**
 * The product's languages. English first; Dari (Afghan Persian, fa-AF) and Pashto (ps-AF) are written right
 * to left. Pure data and functions: safe in server code, client components and route handlers alike.
 */
export const LOCALES = ['en', 'fa-AF', 'ps-AF'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
/** Cookie that remembers the person's choice (set by every language switch). */
export const LOCALE_COOKIE = 'vc-lang';
/** A year: the choice is remembered on this device until they change it. */
export const LOCALE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/** Each language's name in itself: what the language switch shows, whatever the page's language. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  'fa-AF': 'دری',
  'ps-AF': 'پښتو',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: Locale): 'ltr' | 'rtl' {
  return locale === 'en' ? 'ltr' : 'rtl';
}

/**
 * The cookie wins; otherwise the first Accept-Language entry we speak, by quality; otherwise English.
 * Any Persian (fa, fa-AF, fa-IR, prs) gets Dari: the closest we have and readable to all of them. Any
 * Pashto (ps, ps-AF, ps-PK, and the ISO 639-3 codes pbt, pbu, pst) gets Pashto.
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
    if (primary === 'ps' || primary === 'pbt' || primary === 'pbu' || primary === 'pst')
      return 'ps-AF';
    if (primary === 'en') return 'en';
  }
  return DEFAULT_LOCALE;
}
