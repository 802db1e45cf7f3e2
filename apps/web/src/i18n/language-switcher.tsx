import { useId, type ReactNode } from 'react';
import { LOCALE_NAMES, LOCALES, directionOf, type Locale } from './locales';

/**
 * The language choice: one submit button per language, each named in its own language, the current one
 * marked (aria-current). A plain form, so it works without JavaScript: `action` is a URL (the patient page
 * posts to /join/api/language) or a server action (the signed-in areas: setLanguageAction).
 */
export function LanguageSwitcher({
  locale,
  label,
  action,
  hiddenFields,
}: {
  locale: Locale;
  /** "Language", in the page's language. */
  label: string;
  action: string | ((form: FormData) => void | Promise<void>);
  hiddenFields?: Record<string, string>;
}): ReactNode {
  const labelId = useId();
  return (
    <form method="post" action={action} className="vc-language">
      {Object.entries(hiddenFields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div role="group" aria-labelledby={labelId} className="vc-language__choices">
        <span id={labelId} className="vc-language__label">
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" focusable="false">
            <path
              fill="currentColor"
              d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm6.9 6h-2.9a15.7 15.7 0 0 0-1.4-3.6A8 8 0 0 1 18.9 8ZM12 4a13.8 13.8 0 0 1 1.9 4h-3.8A13.8 13.8 0 0 1 12 4ZM4.3 14a8.2 8.2 0 0 1 0-4h3.4a16.5 16.5 0 0 0 0 4H4.3Zm.8 2h2.9a15.7 15.7 0 0 0 1.4 3.6A8 8 0 0 1 5.1 16ZM8 8H5.1a8 8 0 0 1 4.3-3.6A15.7 15.7 0 0 0 8 8Zm4 12a13.8 13.8 0 0 1-1.9-4h3.8A13.8 13.8 0 0 1 12 20Zm2.3-6H9.7a14.7 14.7 0 0 1 0-4h4.6a14.7 14.7 0 0 1 0 4Zm.3 5.6a15.7 15.7 0 0 0 1.4-3.6h2.9a8 8 0 0 1-4.3 3.6Zm1.7-5.6a16.5 16.5 0 0 0 0-4h3.4a8.2 8.2 0 0 1 0 4h-3.4Z"
            />
          </svg>
          <span className="vc-visually-hidden">{label}</span>
        </span>
        {LOCALES.map((choice) => (
          <button
            key={choice}
            type="submit"
            name="locale"
            value={choice}
            lang={choice}
            dir={directionOf(choice)}
            className="vc-language__choice"
            aria-current={choice === locale ? 'true' : undefined}
          >
            {LOCALE_NAMES[choice]}
          </button>
        ))}
      </div>
    </form>
  );
}
