/** Keys by id, the first listed being the one that signs or wraps new material; older ones only verify or unwrap. */
export interface Keyring {
  currentKid: string;
  keys: ReadonlyMap<string, Buffer>;
}

export interface KeyringFormat {
  /** The setting's name, for messages (never the key material). */
  source: string;
  kid: RegExp;
  encoding: 'base64url' | 'base64';
  /** The key length: at least `min` bytes, or exactly `exact`. */
  bytes: { min: number } | { exact: number };
}

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * The one parser of our key settings (JOIN_TOKEN_KEYS, SECRET_STORE_MASTER_KEY): `kid:key[,older-kid:key...]`.
 * Every message names the entry, never its key.
 */
export function parseKeyring(value: string, format: KeyringFormat): Keyring {
  const { source } = format;
  const keys = new Map<string, Buffer>();
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  entries.forEach((entry, index) => {
    const at = `${source} entry ${index + 1}`;
    const colon = entry.indexOf(':');
    const kid = colon > 0 ? entry.slice(0, colon) : '';
    const material = colon > 0 ? entry.slice(colon + 1) : '';
    if (!format.kid.test(kid))
      throw new Error(`${at}: expected "kid:${format.encoding}-key" with kid ${format.kid.source}`);
    if (format.encoding === 'base64url' && !BASE64URL.test(material))
      throw new Error(`${at} (${kid}): key is not base64url`);
    const key = Buffer.from(material, format.encoding);
    const { bytes } = format;
    if ('min' in bytes && key.length < bytes.min)
      throw new Error(`${at} (${kid}): key must be at least ${bytes.min} bytes`);
    if ('exact' in bytes && key.length !== bytes.exact)
      throw new Error(
        `${at} (${kid}): the key must be ${bytes.exact} bytes, ${format.encoding}-encoded`,
      );
    if (keys.has(kid)) throw new Error(`${at}: duplicate kid ${kid}`);
    keys.set(kid, key);
  });
  const [currentKid] = keys.keys();
  if (currentKid === undefined)
    throw new Error(`${source} is empty: give at least one "kid:${format.encoding}-key"`);
  return { currentKid, keys };
}
