import { createHash } from 'node:crypto';

/**
 * A readable API reference without any CDN: a small page that fetches the OpenAPI document and lists each
 * operation with its parameters, body and responses.
 */

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1.5rem;color:#1f2937}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:1px solid #e5e7eb}
.op{border:1px solid #e5e7eb;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}
.m{display:inline-block;min-width:4.5rem;font-weight:700;font-family:ui-monospace,monospace}
.get{color:#047857}.post{color:#1d4ed8}code,pre{font-family:ui-monospace,monospace;font-size:13px}
pre{background:#f3f4f6;padding:.5rem;border-radius:6px;overflow:auto;max-height:20rem}
.lock{font-size:.8rem;color:#92400e}details{margin:.25rem 0}
`;

const script = (documentUrl: string) => `(async function () {
  const doc = await (await fetch(${JSON.stringify(documentUrl)})).json();
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const resolve = (s) => (s && s.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s);
  const json = (v) => '<pre>' + esc(JSON.stringify(v, null, 2)) + '</pre>';
  const byTag = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags && op.tags[0]) || 'other';
      (byTag[tag] = byTag[tag] || []).push({ path, method, op });
    }
  }
  let html = '<p>Base URL: <code>' + esc(doc.servers[0].url) + '</code></p>';
  for (const [tag, ops] of Object.entries(byTag)) {
    html += '<h2>' + esc(tag) + '</h2>';
    for (const { path, method, op } of ops) {
      html += '<section class="op"><div><span class="m ' + method + '">' + method.toUpperCase() + '</span> <code>' + esc(path) + '</code> ' +
        (op.security && op.security.length ? '<span class="lock">bearer token</span>' : '<span class="lock">no sign-in</span>') + '</div>';
      if (op.summary) html += '<p>' + esc(op.summary) + '</p>';
      if (op.parameters && op.parameters.length) html += '<details><summary>Parameters</summary>' + json(op.parameters.map((p) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema }))) + '</details>';
      const body = op.requestBody && op.requestBody.content['application/json'];
      if (body) html += '<details><summary>Body</summary>' + json(resolve(body.schema)) + '</details>';
      for (const [status, res] of Object.entries(op.responses || {})) {
        const content = res.content && res.content['application/json'];
        html += '<details><summary>' + esc(status) + ' ' + esc(res.description || '') + '</summary>' + (content ? json(resolve(content.schema)) : '') + '</details>';
      }
      html += '</section>';
    }
  }
  document.getElementById('ops').innerHTML = html;
})().catch((e) => { document.getElementById('ops').textContent = 'Could not load the document: ' + e; });
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export interface ReferencePage {
  html: string;
  /** Its one inline style and script by their hashes, and nothing else (decision 0041). */
  contentSecurityPolicy: string;
}

export function referencePage(documentUrl: string): ReferencePage {
  const code = script(documentUrl);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Virtual Care API reference</title>
<style>${STYLE}</style></head>
<body><h1>Virtual Care API reference</h1>
<p>Generated from the procedures. Raw document: <a href="${documentUrl}">openapi.json</a>.
Errors are always <code>{ code, message, details }</code>.</p>
<main id="ops">Loading…</main>
<script>${code}</script></body></html>`;
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src ${sha256(code)}`,
    `style-src ${sha256(STYLE)}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, contentSecurityPolicy };
}
