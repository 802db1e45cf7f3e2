#!/usr/bin/env node
// JS budget: after `next build`, prints every page's first-load JavaScript (gzip, as `next start`
// serves it) and its ratio to a minimal App Router page from the same build, and fails when /join
// exceeds the budget (1.15x).
//
// How the figures are made, from the build's own manifests:
//   page    = the root main files (build-manifest.json `rootMainFiles`: React, the App Router runtime)
//             + every `entryJSFiles` chunk of the page's client reference manifest (its layouts and
//             the page itself). Polyfills are left out: modern browsers do not load them (nomodule).
//   minimal = the root main files + the root layout's own chunks: exactly what a page with no client
//             components of its own ships under this app's root layout and configuration.
// Each chunk is counted once per page, gzip-compressed with zlib's default level.
//
// Then the patient's async-visit page, which brings its own script, against the same budget.
// Then what /join fetches later (its lazy chunks), with the fallback's messaging thread held to 15 KB gzip.
//
// Usage: node apps/web/scripts/js-budget.mjs [--dir apps/web/.next] [--budget 1.15] [--page /join]
//        [--fallback-budget 15]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
};
const here = path.dirname(fileURLToPath(import.meta.url));
const distDir = path.resolve(option('dir', path.join(here, '..', '.next')));
const budget = Number(option('budget', '1.15'));
const budgetPage = option('page', '/join');
const fallbackBudgetKb = Number(option('fallback-budget', '15'));

function fail(message) {
  console.error(`js-budget: ${message}`);
  process.exit(2);
}

if (!existsSync(path.join(distDir, 'build-manifest.json')))
  fail(`no build found in ${distDir} (run \`next build\` first)`);
const buildManifest = JSON.parse(readFileSync(path.join(distDir, 'build-manifest.json'), 'utf8'));
const rootMainFiles = (buildManifest.rootMainFiles ?? []).filter((file) => file.endsWith('.js'));
if (rootMainFiles.length === 0)
  fail('build-manifest.json has no rootMainFiles (not an App Router build?)');

const gzipCache = new Map();
function gzipSize(file) {
  if (!gzipCache.has(file)) {
    const full = path.join(distDir, file.replace(/^\/?_next\//, ''));
    if (!existsSync(full)) fail(`chunk ${file} is named in a manifest but missing on disk`);
    const raw = readFileSync(full);
    gzipCache.set(file, { raw: raw.length, gzip: gzipSync(raw).length });
  }
  return gzipCache.get(file);
}
function total(files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const size = gzipSize(file);
    raw += size.raw;
    gzip += size.gzip;
  }
  return { raw, gzip, count: files.size };
}

function* manifests(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* manifests(full);
    else if (name === 'page_client-reference-manifest.js') yield full;
  }
}

function readManifest(file) {
  const sandbox = { globalThis: {} };
  sandbox.globalThis = sandbox;
  vm.runInNewContext(readFileSync(file, 'utf8'), sandbox, { filename: file });
  const entries = Object.entries(sandbox.__RSC_MANIFEST ?? {});
  if (entries.length !== 1) fail(`unexpected manifest shape in ${file}`);
  const [key, manifest] = entries[0];
  return { route: key.replace(/\/page$/, '') || '/', entryJSFiles: manifest.entryJSFiles ?? {} };
}

const appDir = path.join(distDir, 'server', 'app');
const pages = [];
let rootLayoutFiles = null;
for (const file of manifests(appDir)) {
  const { route, entryJSFiles } = readManifest(file);
  const files = new Set(rootMainFiles);
  for (const [entry, chunks] of Object.entries(entryJSFiles)) {
    for (const chunk of chunks) if (chunk.endsWith('.js')) files.add(chunk);
    if (/\/src\/app\/layout$|\/app\/layout$/.test(entry) && rootLayoutFiles === null)
      rootLayoutFiles = chunks.filter((c) => c.endsWith('.js'));
  }
  pages.push({ route, files });
}
if (pages.length === 0) fail(`no page manifests under ${appDir}`);

const baselineFiles = new Set([...rootMainFiles, ...(rootLayoutFiles ?? [])]);
const baseline = total(baselineFiles);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

console.log(
  `First-load JavaScript per page (gzip), from ${path.relative(process.cwd(), distDir) || distDir}`,
);
console.log(
  `minimal App Router page (root main files + root layout): ${kb(baseline.gzip)} gzip (${kb(baseline.raw)} raw, ${baseline.count} files)\n`,
);
const rows = pages
  .map((page) => ({ route: page.route, ...total(page.files) }))
  .sort((a, b) => a.route.localeCompare(b.route));
const width = Math.max(...rows.map((r) => r.route.length), 5);
console.log(`${'page'.padEnd(width)}  ${'gzip'.padStart(10)}  ${'raw'.padStart(10)}  ratio`);
for (const row of rows) {
  const ratio = row.gzip / baseline.gzip;
  const flag =
    row.route === budgetPage
      ? ratio <= budget
        ? `  (budget ${budget}x: ok)`
        : `  (budget ${budget}x: OVER)`
      : '';
  console.log(
    `${row.route.padEnd(width)}  ${kb(row.gzip).padStart(10)}  ${kb(row.raw).padStart(10)}  ${ratio.toFixed(3)}x${flag}`,
  );
}

const target = rows.find((row) => row.route === budgetPage);
if (!target) fail(`page ${budgetPage} not found in the build`);
const ratio = target.gzip / baseline.gzip;
if (ratio > budget) {
  console.error(
    `\n${budgetPage} ships ${kb(target.gzip)}: ${ratio.toFixed(3)}x the minimal page, over the ${budget}x budget.`,
  );
  process.exit(1);
}
console.log(
  `\n${budgetPage}: ${ratio.toFixed(3)}x the minimal page, within the ${budget}x budget.`,
);

// The patient's async-visit page is no App Router page (decision 0028): its first load is its own script, which
// scripts/build-offline-app.mjs builds beside the Next build. Held to the same budget against the same minimal page.
const offlineScript = path.join(distDir, '..', 'public', 'portal', 'async-visits', 'app.js');
if (!existsSync(offlineScript)) fail(`no ${offlineScript} (run scripts/build-offline-app.mjs)`);
const offline = gzipSync(readFileSync(offlineScript)).length;
const offlineRatio = offline / baseline.gzip;
console.log(
  `/portal/async-visits (its own script, no framework): ${kb(offline)} gzip, ${offlineRatio.toFixed(3)}x the minimal page (budget ${budget}x: ${offlineRatio <= budget ? 'ok' : 'OVER'})\n`,
);
if (offlineRatio > budget) process.exit(1);

// What the page fetches later, during the visit: every chunk its code names (Turbopack loads a lazy chunk by its
// path), followed from the first-load chunks. The messaging thread of the bandwidth fallback (US-008) is one of
// them, recognised by its class names, with a budget of its own: the patient fetches it in the call, while the
// link still carries it.
const chunkPath = /static\/chunks\/[\w.-]+\.js/g;
const firstLoad = pages.find((page) => page.route === budgetPage).files;
const later = new Set();
const queue = [...firstLoad];
while (queue.length > 0) {
  const file = queue.pop();
  const text = readFileSync(path.join(distDir, file.replace(/^\/?_next\//, '')), 'utf8');
  for (const found of text.match(chunkPath) ?? []) {
    if (firstLoad.has(found) || later.has(found)) continue;
    later.add(found);
    queue.push(found);
  }
}
const THREAD_MARKER = 'vc-thread__';
const thread = new Set(
  [...later].filter((file) =>
    readFileSync(path.join(distDir, file.replace(/^\/?_next\//, '')), 'utf8').includes(
      THREAD_MARKER,
    ),
  ),
);
const laterTotal = total(later);
const threadTotal = total(thread);
console.log(
  `${budgetPage} fetches later (the call, the messaging thread): ${kb(laterTotal.gzip)} gzip in ${laterTotal.count} chunks`,
);
if (thread.size === 0)
  fail(`no lazy chunk of ${budgetPage} holds the messaging thread (${THREAD_MARKER})`);
const overFallback = threadTotal.gzip > fallbackBudgetKb * 1024;
console.log(
  `the fallback's messaging thread: ${kb(threadTotal.gzip)} gzip (budget ${fallbackBudgetKb} KB: ${overFallback ? 'OVER' : 'ok'})`,
);
if (overFallback) process.exit(1);
