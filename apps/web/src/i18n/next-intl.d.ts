import type { Locale } from './locales';
import type { Messages } from './messages';

// Typed keys and locales for useTranslations / getTranslations / useLocale everywhere in the app.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
