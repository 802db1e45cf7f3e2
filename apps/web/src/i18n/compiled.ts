import format, { type CompiledMessage } from 'icu-minify/format';
import { numberLocale } from './format';
import type { Locale } from './locales';
import type { Messages } from './messages';

/**
 * Messages for a client island that must stay light (the patient's join page, on cheap phones and slow
 * networks). Instead of next-intl's client runtime with its ICU parser (about 13 KB gzip), the server
 * compiles the island's namespace with icu-minify, next-intl's own ICU compiler (./compiled.server), and
 * the island formats with icu-minify's formatter (under 1 KB): same ICU messages, same plurals.
 */

/** Dotted paths of a namespace's messages: 'device.heading', 'waiting.ahead', ... */
export type MessageKey<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${MessageKey<T[K]>}`;
}[keyof T & string];

export type JoinMessageKey = MessageKey<Messages['join']>;
export type CompiledCatalogue<K extends string> = Record<K, CompiledMessage>;
export type Translate<K extends string> = (
  key: K,
  values?: Record<string, string | number>,
) => string;

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const cached = <T>(cache: Map<string, T>, key: string, make: () => T): T => {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
};

const FORMATTERS = {
  // '#' and {n, number} print the screen's digits: Pashto borrows Dari's (Chromium has no Pashto data).
  getNumberFormat: (locale?: string | string[], options?: Intl.NumberFormatOptions) =>
    cached(
      numberFormats,
      `${String(locale)}|${JSON.stringify(options)}`,
      () => new Intl.NumberFormat(numberLocale(locale as Locale), options),
    ),
  getPluralRules: (locale?: string | string[], options?: Intl.PluralRulesOptions) =>
    cached(
      pluralRules,
      `${String(locale)}|${JSON.stringify(options)}`,
      () => new Intl.PluralRules(locale, options),
    ),
  getDateTimeFormat: (locale?: string | string[], options?: Intl.DateTimeFormatOptions) =>
    cached(
      dateFormats,
      `${String(locale)}|${JSON.stringify(options)}`,
      () => new Intl.DateTimeFormat(locale, options),
    ),
};

/** `t('waiting.ahead', { count: 2 })` over a compiled catalogue. */
export function compiledTranslator<K extends string>(
  locale: Locale,
  catalogue: CompiledCatalogue<K>,
): Translate<K> {
  return (key, values) => {
    const message = catalogue[key];
    if (message === undefined) return key;
    const result = format(message, locale, values, { formatters: FORMATTERS });
    return Array.isArray(result) ? result.join('') : String(result);
  };
}
