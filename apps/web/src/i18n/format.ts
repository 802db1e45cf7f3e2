import type { Locale } from './locales';

/**
 * Dates and numbers for every screen, in the screen's language. English uses the Gregorian calendar; Dari and
 * Pashto use the Solar Hijri calendar (`-u-ca-persian`: 1405, حمل ثور جوزا ... in Dari, وری غویی غبرگولی ... in
 * Pashto) and Eastern Arabic-Indic digits (۰۱۲۳۴۵۶۷۸۹), as in Afghanistan.
 *
 * Pure functions over `Intl`, usable on the server and in client components. Two things make them more than
 * a call to `Intl.DateTimeFormat(locale)`:
 * - Chromium ships no Pashto locale data (`Intl.DateTimeFormat('ps-AF')` falls back to English there, while
 *   Node has it), so Pashto takes the Solar Hijri date and the digits from Dari's data and its month and
 *   weekday names from CLDR's Pashto data, copied below. Server and browser then print the same text.
 * - The Dari and Pashto patterns are assembled here from parts (CLDR's full fa-AF pattern puts the year first
 *   and a Latin comma in the middle), so the same words come out whatever the ICU version.
 */

export type DateStyle =
  /** 2 Sawr 1405 / April 22, 2026 */
  | 'date'
  /** Wednesday 2 Sawr 1405, 14:00 / Wednesday, April 22, 2026 at 2:00 PM */
  | 'dateTime'
  /** Wed 2 Sawr, 14:00 / Wed, Apr 22, 02:00 PM: lists and history */
  | 'shortDateTime'
  /** 14:00 / 2:00 PM */
  | 'time';

export type DateInput = Date | string | number;

/** CLDR's Pashto Solar Hijri month names (format, wide), Hamal (وری) first. */
const PASHTO_MONTHS = [
  'وری',
  'غویی',
  'غبرگولی',
  'چنگاښ',
  'زمری',
  'وږی',
  'تله',
  'لړم',
  'لیندۍ',
  'مرغومی',
  'سلواغه',
  'کب',
] as const;
/** CLDR's Pashto weekday names (wide), Sunday first. */
const PASHTO_WEEKDAYS = ['يونۍ', 'دونۍ', 'درېنۍ', 'څلرنۍ', 'پينځنۍ', 'جمعه', 'اونۍ'] as const;

/** The locale `Intl` is asked for numbers: Pashto writes its digits like Dari (۰-۹, ٫ and ٬). */
export function numberLocale(locale: Locale): string {
  return locale === 'en' ? 'en' : 'fa-AF-u-nu-arabext';
}

/** The locale `Intl` is asked for dates: Solar Hijri for Dari and Pashto. */
export function calendarLocale(locale: Locale): string {
  return locale === 'en' ? 'en' : 'fa-AF-u-ca-persian-nu-arabext';
}

// Formatters are cached: building an Intl formatter is far slower than using one, and a slow phone notices.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(tag, options);
    dateFormats.set(key, format);
  }
  return format;
}
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(tag: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(tag, options);
    numberFormats.set(key, format);
  }
  return format;
}

function toDate(value: DateInput): Date {
  return value instanceof Date ? value : new Date(value);
}

const ENGLISH: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  dateTime: {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  },
  shortDateTime: {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  },
  time: { hour: 'numeric', minute: '2-digit' },
};

interface SolarParts {
  weekday: string;
  day: string;
  month: string;
  year: string;
  time: string;
}

function solarParts(date: Date, locale: 'fa-AF' | 'ps-AF', timeZone?: string): SolarParts {
  const tag = calendarLocale(locale);
  const zone = timeZone ? { timeZone } : {};
  const parts = dateFormat(tag, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    weekday: 'long',
    ...zone,
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  const time = dateFormat(tag, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...zone,
  }).format(date);
  if (locale === 'fa-AF')
    return {
      weekday: part('weekday'),
      day: part('day'),
      month: part('month'),
      year: part('year'),
      time,
    };
  // Pashto: the month's number and the weekday from the same calendar, the names from CLDR's Pashto.
  const numeric = dateFormat('fa-AF-u-ca-persian-nu-latn', { month: 'numeric', ...zone })
    .formatToParts(date)
    .find((p) => p.type === 'month')?.value;
  const weekdayIndex = dateFormat('en-US', { weekday: 'short', ...zone })
    .formatToParts(date)
    .find((p) => p.type === 'weekday')?.value;
  const sundayFirst = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(weekdayIndex ?? '');
  return {
    weekday: PASHTO_WEEKDAYS[sundayFirst] ?? part('weekday'),
    day: part('day'),
    month: PASHTO_MONTHS[Number(numeric) - 1] ?? part('month'),
    year: part('year'),
    time,
  };
}

/**
 * A date in the screen's language. `timeZone` defaults to the runtime's own (the browser's, in a client
 * component after hydration); server code passes one explicitly (see SERVER_TIME_ZONE).
 */
export function formatDate(
  value: DateInput,
  locale: Locale,
  style: DateStyle = 'dateTime',
  timeZone?: string,
): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '—';
  if (locale === 'en')
    return dateFormat('en', { ...ENGLISH[style], ...(timeZone ? { timeZone } : {}) }).format(date);
  const p = solarParts(date, locale, timeZone);
  const short = `${p.day} ${p.month}`;
  const full = `${p.day} ${p.month} ${p.year}`;
  switch (style) {
    case 'date':
      return full;
    case 'time':
      return p.time;
    case 'shortDateTime':
      return locale === 'fa-AF'
        ? `${p.weekday} ${short}، ${p.time}`
        : `${p.weekday}، ${short}، ${p.time}`;
    case 'dateTime':
      return locale === 'fa-AF'
        ? `${p.weekday} ${full}، ساعت ${p.time}`
        : `${p.weekday}، ${full}، په ${p.time} بجو`;
  }
}

/** A number in the screen's language (Eastern Arabic-Indic digits for Dari and Pashto). */
export function formatNumber(
  value: number,
  locale: Locale,
  options: Intl.NumberFormatOptions = {},
): string {
  return numberFormat(numberLocale(locale), options).format(value);
}

/** A stopwatch reading, m:ss (h:mm:ss past an hour), in the screen's digits. */
export function formatClock(totalSeconds: number, locale: Locale): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const two = (n: number) => formatNumber(n, locale, { minimumIntegerDigits: 2 });
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0
    ? `${formatNumber(h, locale)}:${two(m)}:${two(s)}`
    : `${formatNumber(m, locale)}:${two(s)}`;
}

/**
 * The time zone server-rendered dates use before the browser shows them in its own: the clinics this product
 * serves are in Afghanistan, and a patient reading the page without JavaScript sees this one.
 */
export const SERVER_TIME_ZONE = 'Asia/Kabul';
