import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { violationsIn } from '../src/app/api/csp-reports/csp-violation';
import { newNonce, pagePolicy } from '../src/server/content-security-policy';
import { stylesheetHashesIn } from '../src/server/stylesheet-hashes';

const directives = (policy: string) =>
  new Map(
    policy.split('; ').map((directive) => {
      const [name, ...values] = directive.split(' ');
      return [name, values] as const;
    }),
  );

const VIDEO = 'https://meet.clinic.example';
const PLAIN = {
  nonce: 'n',
  videoOrigin: null,
  https: false,
  development: false,
  stylesheetHashes: [],
};

describe('the page Content-Security-Policy', () => {
  it('runs scripts by nonce only, and frames and loads scripts from the tenant video origin alone', () => {
    const policy = directives(
      pagePolicy({ ...PLAIN, nonce: 'abc', videoOrigin: VIDEO, https: true }),
    );
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'", VIDEO]);
    expect(policy.get('frame-src')).toEqual([VIDEO]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.has('upgrade-insecure-requests')).toBe(true);
    // No other outside origin anywhere (a tenant's logo may be on any https host: images only).
    const outside = [...policy]
      .filter(([name]) => name !== 'img-src' && name !== 'report-uri')
      .flatMap(([, values]) => values)
      .filter((value) => /^[a-z]+:/.test(value) && value !== 'data:' && value !== 'blob:');
    expect(outside).toEqual([VIDEO, VIDEO]);
  });

  it('frames nothing on a page without the visit, never evals in production, upgrades only on https', () => {
    const plain = directives(pagePolicy(PLAIN));
    expect(plain.get('frame-src')).toEqual(["'none'"]);
    expect(plain.get('script-src')).not.toContain("'unsafe-eval'");
    expect(plain.has('upgrade-insecure-requests')).toBe(false);
    const dev = directives(pagePolicy({ ...PLAIN, development: true }));
    expect(dev.get('script-src')).toContain("'unsafe-eval'");
  });

  it('allows the build’s own stylesheets, written into the page without a nonce, by their sha-256 alone', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vc-static-'));
    mkdirSync(path.join(dir, 'chunks'));
    const css = 'body{margin:0}';
    writeFileSync(path.join(dir, 'chunks', 'a.css'), css);
    writeFileSync(path.join(dir, 'chunks', 'a.js'), 'console.log(1)');
    const hashes = stylesheetHashesIn(dir);
    expect(hashes).toEqual([`'sha256-${createHash('sha256').update(css).digest('base64')}'`]);
    expect(directives(pagePolicy({ ...PLAIN, stylesheetHashes: hashes })).get('style-src')).toEqual(
      ["'self'", "'nonce-n'", ...hashes],
    );
    expect(stylesheetHashesIn(path.join(dir, 'no-build-here'))).toEqual([]);
  });

  it('has a new unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});

describe('a violation report, as the logs keep it', () => {
  it('reads both report formats and keeps no query string (a join token) and no sample', () => {
    const legacy = JSON.stringify({
      'csp-report': {
        'document-uri': 'https://care.example/join?token=secret-join-token',
        'effective-directive': 'script-src-elem',
        'blocked-uri': 'https://evil.example/x.js?session=abc',
        'script-sample': 'alert(document.cookie)',
      },
    });
    const reporting = JSON.stringify([
      {
        type: 'csp-violation',
        body: {
          documentURL: 'https://care.example/clinician/sessions/1?x=y',
          effectiveDirective: 'frame-src',
          blockedURL: 'https://other-video.example/room',
          sample: 'Mariam',
        },
      },
      { type: 'deprecation', body: { id: 'x' } },
    ]);
    expect(violationsIn(legacy)).toEqual([
      {
        page: 'https://care.example/join',
        directive: 'script-src-elem',
        blocked: 'https://evil.example/x.js',
      },
    ]);
    expect(violationsIn(reporting)).toEqual([
      {
        page: 'https://care.example/clinician/sessions/1',
        directive: 'frame-src',
        blocked: 'https://other-video.example/room',
      },
    ]);
    expect(JSON.stringify([violationsIn(legacy), violationsIn(reporting)])).not.toMatch(
      /secret-join-token|session=abc|cookie|Mariam/,
    );
  });

  it('finds nothing in what is not a report', () => {
    expect(violationsIn('not json')).toEqual([]);
    expect(violationsIn('null')).toEqual([]);
    expect(violationsIn('{"csp-report": "x"}')).toEqual([]);
    expect(violationsIn('[{"type":"csp-violation"}]')).toEqual([]);
  });
});
