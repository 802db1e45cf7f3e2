import { en, type Dictionary } from './en';
import { faAF } from './fa-af';
import type { Locale } from './locales';

export * from './locales';
export type { Dictionary, JoinErrorKind } from './en';

const DICTIONARIES: Record<Locale, Dictionary> = { en, 'fa-AF': faAF };

export function getDictionary(locale: Locale): Dictionary {
  return DICTIONARIES[locale];
}

/** `format('Visit with {tenant}', { tenant: 'X' })`. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}
