import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The build's stylesheets are written into every page (next.config's `inlineCss`: on a patient's 2G link a separate
 * stylesheet request, racing the scripts for the same few KB/s, held the first paint back by seconds). Next.js puts
 * no nonce on those <style> elements, so the policy allows exactly these by their sha-256 (decision 0041). Read once
 * per process from the build's output; `next dev` links its stylesheets and needs none.
 */
let hashes: string[] | undefined;

export function builtStylesheetHashes(): string[] {
  hashes ??= stylesheetHashesIn(
    path.join(/* turbopackIgnore: true */ process.cwd(), '.next', 'static'),
  );
  return hashes;
}

/** The CSP source expression (`'sha256-…'`) of every stylesheet under `dir`; none when there is no build there. */
export function stylesheetHashesIn(dir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return files
    .filter((file) => file.endsWith('.css'))
    .sort()
    .map((file) => {
      const digest = createHash('sha256')
        .update(readFileSync(path.join(dir, file)))
        .digest('base64');
      return `'sha256-${digest}'`;
    });
}
