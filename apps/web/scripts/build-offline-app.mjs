#!/usr/bin/env node
// Builds the patient's async-visit page's own files into public/portal/async-visits (decision 0027): its script
// (app.js) and its service worker (sw.js, which precaches the page's files by content hash), with esbuild, outside
// Next's bundler, because the page deliberately loads no framework. Run before `next build` and `next dev`.
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(web, 'src/app/portal/async-visits/_offline');
const out = path.join(web, 'public/portal/async-visits');
const url = '/portal/async-visits';
// Old phones: the browsers that have service workers, IndexedDB blobs and OffscreenCanvas.
const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome80', 'safari16', 'firefox105'],
  legalComments: 'none',
};

await build({
  ...common,
  entryPoints: [path.join(source, 'app.ts')],
  outfile: path.join(out, 'app.js'),
});
copyFileSync(path.join(web, 'src/app/icon.svg'), path.join(out, 'icon.svg'));

const revision = (file) =>
  createHash('sha256')
    .update(readFileSync(path.join(out, file)))
    .digest('hex')
    .slice(0, 16);
const precache = ['app.js', 'manifest.webmanifest', 'icon.svg'].map((file) => ({
  url: `${url}/${file}`,
  revision: revision(file),
}));
await build({
  ...common,
  entryPoints: [path.join(source, 'sw.ts')],
  outfile: path.join(out, 'sw.js'),
  define: { PRECACHE_ENTRIES: JSON.stringify(precache), 'process.env.NODE_ENV': '"production"' },
});
console.log(`offline app: ${precache.map((entry) => entry.url).join(', ')}, ${url}/sw.js`);
