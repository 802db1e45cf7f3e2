import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from '../messages/en.json';
import faAF from '../messages/fa-AF.json';
import psAF from '../messages/ps-AF.json';
import { compiledTranslator } from '../src/i18n/compiled';
import { compiledNamespace } from '../src/i18n/compiled.server';
import {
  directionOf,
  formatClock,
  formatDate,
  formatNumber,
  pickLocale,
  type Locale,
} from '../src/i18n';

describe('pickLocale', () => {
  it('the cookie wins', () => {
    expect(pickLocale('ps-AF', 'en-GB,en;q=0.9')).toBe('ps-AF');
    expect(pickLocale('fa-AF', null)).toBe('fa-AF');
  });
  it('ignores a cookie that is not one of ours', () => {
    expect(pickLocale('de', 'fa-IR')).toBe('fa-AF');
  });
  it('any Persian is Dari, any Pashto is Pashto', () => {
    for (const tag of ['fa', 'fa-AF', 'fa-IR', 'prs', 'prs-AF'])
      expect(pickLocale(undefined, tag)).toBe('fa-AF');
    for (const tag of ['ps', 'ps-AF', 'ps-PK', 'pbt', 'pbu'])
      expect(pickLocale(undefined, tag)).toBe('ps-AF');
  });
  it('follows the quality order, else English', () => {
    expect(pickLocale(undefined, 'de-DE, ps;q=0.5, fa;q=0.8')).toBe('fa-AF');
    expect(pickLocale(undefined, 'en;q=0.3, ps-AF;q=0.7')).toBe('ps-AF');
    expect(pickLocale(undefined, 'de, fr')).toBe('en');
    expect(pickLocale(undefined, null)).toBe('en');
    expect(pickLocale(undefined, 'fa;q=0')).toBe('en');
  });
  it('Dari and Pashto are right to left', () => {
    expect(directionOf('en')).toBe('ltr');
    expect(directionOf('fa-AF')).toBe('rtl');
    expect(directionOf('ps-AF')).toBe('rtl');
  });
});

describe('formatDate', () => {
  // 22 April 2026, 09:30 UTC = 14:00 in Kabul = 2 Sawr (ثور / غویی) 1405 in the Solar Hijri calendar.
  const date = '2026-04-22T09:30:00Z';
  const zone = 'Asia/Kabul';

  it('English is Gregorian', () => {
    expect(formatDate(date, 'en', 'date', zone)).toBe('April 22, 2026');
    expect(formatDate(date, 'en', 'dateTime', zone)).toMatch(
      /^Wednesday, April 22, 2026 at 2:00\sPM$/,
    );
  });
  it('Dari is Solar Hijri with Afghan month names and Eastern Arabic-Indic digits', () => {
    expect(formatDate(date, 'fa-AF', 'date', zone)).toBe('۲ ثور ۱۴۰۵');
    expect(formatDate(date, 'fa-AF', 'dateTime', zone)).toBe('چهارشنبه ۲ ثور ۱۴۰۵، ساعت ۱۴:۰۰');
    expect(formatDate(date, 'fa-AF', 'time', zone)).toBe('۱۴:۰۰');
  });
  it('Pashto is Solar Hijri with Pashto month names', () => {
    expect(formatDate(date, 'ps-AF', 'date', zone)).toBe('۲ غویی ۱۴۰۵');
    expect(formatDate(date, 'ps-AF', 'dateTime', zone)).toBe('څلرنۍ، ۲ غویی ۱۴۰۵، په ۱۴:۰۰ بجو');
  });
  it('knows every Afghan month', () => {
    // The 15th of each Solar Hijri month of 1405 (Hamal begins on 21 March 2026).
    const dari: string[] = [];
    const pashto: string[] = [];
    for (let month = 0; month < 12; month += 1) {
      const day = new Date(Date.UTC(2026, 2, 21) + (month * 30.4 + 14) * 86_400_000);
      dari.push(formatDate(day, 'fa-AF', 'date', 'UTC').split(' ')[1] ?? '');
      pashto.push(formatDate(day, 'ps-AF', 'date', 'UTC').split(' ')[1] ?? '');
    }
    expect(dari).toEqual([
      'حمل',
      'ثور',
      'جوزا',
      'سرطان',
      'اسد',
      'سنبلهٔ',
      'میزان',
      'عقرب',
      'قوس',
      'جدی',
      'دلو',
      'حوت',
    ]);
    expect(pashto).toEqual([
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
    ]);
  });
  it('says nothing wrong about a bad date', () => {
    expect(formatDate('not a date', 'fa-AF')).toBe('—');
  });
});

describe('numbers', () => {
  it('use the language’s digits', () => {
    expect(formatNumber(1234, 'en')).toBe('1,234');
    expect(formatNumber(1234, 'fa-AF')).toBe('۱٬۲۳۴');
    expect(formatNumber(1234, 'ps-AF')).toBe('۱٬۲۳۴');
    expect(formatClock(65, 'en')).toBe('1:05');
    expect(formatClock(65, 'ps-AF')).toBe('۱:۰۵');
    expect(formatClock(3725, 'en')).toBe('1:02:05');
  });
});

describe('the join page’s compiled messages', () => {
  const catalogues = { en, 'fa-AF': faAF, 'ps-AF': psAF } as const;
  const samples: [string, Record<string, number>][] = [
    ['waiting.ahead', { count: 1 }],
    ['waiting.ahead', { count: 3 }],
    ['waiting.runningLate', { minutes: 1 }],
    ['waiting.runningLate', { minutes: 10 }],
    ['device.heading', {}],
    ['problems.missed.title', {}],
  ];

  for (const locale of ['en', 'fa-AF', 'ps-AF'] as Locale[]) {
    it(`say in ${locale} what next-intl says (with the language’s digits)`, async () => {
      const compiled = compiledTranslator(locale, await compiledNamespace(locale, 'join'));
      const reference = createTranslator({
        locale,
        messages: catalogues[locale],
        namespace: 'join',
      }) as unknown as (key: string, values?: Record<string, number>) => string;
      for (const [key, values] of samples) {
        const digits = (text: string) =>
          locale === 'en' ? text : text.replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] ?? d);
        expect(compiled(key as never, values), key).toBe(digits(reference(key, values)));
      }
    });
  }

  it('are plain data, as React requires of a client component’s props', async () => {
    const plain = (value: unknown): boolean =>
      value === null ||
      typeof value !== 'object' ||
      (Array.isArray(value)
        ? value.every(plain)
        : Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(plain));
    expect(plain(await compiledNamespace('ps-AF', 'join'))).toBe(true);
  });

  it('writes the queue and lateness in plain words', async () => {
    const t = compiledTranslator('en', await compiledNamespace('en', 'join'));
    expect(t('waiting.ahead', { count: 1 })).toBe('1 patient is before you.');
    expect(t('waiting.ahead', { count: 2 })).toBe('2 patients are before you.');
    expect(t('waiting.runningLate', { minutes: 10 })).toBe(
      'Your clinician is running about 10 minutes late. Please stay on this page.',
    );
    const ps = compiledTranslator('ps-AF', await compiledNamespace('ps-AF', 'join'));
    expect(ps('waiting.ahead', { count: 3 })).toBe('ستاسو نه مخکې ۳ ناروغان په نوبت کې دي.');
  });
});
