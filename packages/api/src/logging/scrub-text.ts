/** What a redacted value is replaced by. */
export const REDACTED = '[redacted]';

/** Tokens inside free text: a JWT or join token (base64url JSON, `eyJ...`), a bearer credential, a token query. */
const TEXT_SECRETS: ReadonlyArray<[RegExp, string]> = [
  [/eyJ[\w-]+\.[\w-]+(?:\.[\w-]*)?/g, REDACTED],
  [/(Bearer\s+)[^\s"',]+/gi, `$1${REDACTED}`],
  [
    /([?&#;](?:token|join_?token|access_token|id_token|refresh_token|code|jwt)=)[^&#\s"']*/gi,
    `$1${REDACTED}`,
  ],
];

/** A string with any credential it embeds (URL query tokens, JWTs, bearer values) replaced. */
export function scrubText(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of TEXT_SECRETS)
    scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}
