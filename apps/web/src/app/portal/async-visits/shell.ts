import { directionOf, type Locale, type Messages } from '../../../i18n';
import { MAX_ATTACHMENTS } from '@virtual-care/domain';
import { fill, PAGE_PATH } from './_offline/page';

export type AsyncVisitMessages = Messages['asyncVisitApp'];

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const html = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

function choice(name: string, legend: string, options: [string, string][]): string {
  const inputs = options
    .map(
      ([value, label]) =>
        `<label class="choice"><input type="radio" name="${name}" value="${value}"> ${html(label)}</label>`,
    )
    .join('');
  return `<fieldset><legend>${html(legend)}</legend>${inputs}</fieldset>`;
}

/**
 * The patient's async-visit page as one small HTML document: it paints, and the form takes input, as soon as
 * this document and one small script have arrived, long before a framework could have loaded on a 128 kbit/s
 * link (decision 0027). It holds no patient data: the same document serves every patient of a language, so
 * the service worker may keep it; the drafts come from the phone's own storage.
 */
export function renderShell(
  locale: Locale,
  t: AsyncVisitMessages,
  styles: string,
  /** The response's Content-Security-Policy nonce (src/proxy.ts): the one style and script of the page carry it. */
  nonce: string,
): string {
  const messages = JSON.stringify(t).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${locale}" dir="${directionOf(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="theme-color" content="#0f766e">
<title>${html(t.metaTitle)}</title>
<link rel="manifest" href="${PAGE_PATH}/manifest.webmanifest">
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<style nonce="${nonce}">${styles}</style>
<script nonce="${nonce}" src="${PAGE_PATH}/app.js" defer></script>
</head>
<body>
<header class="bar"><a href="/portal">${html(t.back)}</a><p id="connection" role="status" aria-live="polite"></p></header>
<main>
<h1>${html(t.title)}</h1>
<p>${html(t.intro)}</p>
<noscript><p class="alert">${html(t.noScript)}</p></noscript>
<p id="signed-out" class="alert" hidden>${html(t.signedOut)} <a href="/signin?callbackUrl=${encodeURIComponent(PAGE_PATH)}">${html(t.signIn)}</a></p>
<form id="draft-form" novalidate>
<h2>${html(t.formTitle)}</h2>
<label for="chiefComplaint">${html(t.chiefComplaint)}</label>
<p id="chiefComplaint-help" class="help">${html(t.chiefComplaintHelp)}</p>
<textarea id="chiefComplaint" name="chiefComplaint" rows="5" maxlength="4000" required aria-describedby="chiefComplaint-help"></textarea>
<label for="onset">${html(t.onset)}</label>
<input id="onset" name="onset" maxlength="200" autocomplete="off">
${choice('severity', t.severity, [
  ['mild', t.severityMild],
  ['moderate', t.severityModerate],
  ['severe', t.severitySevere],
])}
${choice('fever', t.fever, [
  ['yes', t.yes],
  ['no', t.no],
  ['notSure', t.notSure],
])}
<label for="medicines">${html(t.medicines)}</label>
<input id="medicines" name="medicines" maxlength="500" autocomplete="off">
<label for="photos">${html(fill(t.photos, { max: MAX_ATTACHMENTS }))}</label>
<p id="photos-help" class="help">${html(t.photosHelp)}</p>
<input id="photos" name="photos" type="file" accept="image/*" multiple data-max="${MAX_ATTACHMENTS}" aria-describedby="photos-help">
<ul id="photo-list" class="photos"></ul>
<p id="form-error" class="alert" role="alert" hidden></p>
<button type="submit" disabled>${html(t.send)}</button>
</form>
<section aria-labelledby="drafts-title">
<h2 id="drafts-title">${html(t.draftsTitle)}</h2>
<ol id="drafts" class="drafts"></ol>
</section>
</main>
<script type="application/json" id="vc-messages">${messages}</script>
</body>
</html>`;
}
