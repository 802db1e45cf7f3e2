// `node --test scripts/lint-manifests.test.mjs` (npm test's static step): the manifest check passes the
// repository's manifests and fails, naming the fault, on each kind of mistake it exists to catch.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { lintManifests } from './lint-manifests.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const script = path.join(root, 'scripts/lint-manifests.mjs');
const folders = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A folder of manifests, each file's text given by name; a kustomization listing them is added. */
function manifests(files) {
  const folder = mkdtempSync(path.join(tmpdir(), 'lint-manifests-'));
  folders.push(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
  const listed = Object.keys(files).map((name) => `  - ${name}`);
  writeFileSync(
    path.join(folder, 'kustomization.yaml'),
    [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      ...listed,
      '',
    ].join('\n'),
  );
  return folder;
}

/** A valid Deployment; `spec` lines replace its `replicas: 2` line, `container` lines are added to its container. */
function deployment({ spec = ['replicas: 2'], container = [] } = {}) {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    ...spec.map((line) => `  ${line}`),
    '  selector:',
    '    matchLabels: { app: web }',
    '  template:',
    '    metadata:',
    '      labels: { app: web }',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: virtual-care',
    '          ports: [{ name: http, containerPort: 3000 }]',
    ...container.map((line) => `          ${line}`),
    '',
  ].join('\n');
}

describe('lint-manifests', () => {
  it('passes the manifests under deploy/kubernetes', async () => {
    assert.deepEqual(await lintManifests(path.join(root, 'deploy/kubernetes')), []);
  });

  it('passes a small valid Deployment', async () => {
    assert.deepEqual(await lintManifests(manifests({ 'web.yaml': deployment() })), []);
  });

  it('refuses a field of the wrong type, and the command exits 1 naming it', async () => {
    const folder = manifests({ 'web.yaml': deployment({ spec: ['replicas: three'] }) });
    assert.deepEqual(await lintManifests(folder), [
      'web.yaml (Deployment web): data/spec/replicas must be integer',
    ]);
    const run = spawnSync(process.execPath, [script, folder], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /web\.yaml \(Deployment web\): data\/spec\/replicas must be integer/);
  });

  it('refuses a field the schema does not have (a misspelt probe)', async () => {
    const folder = manifests({
      'web.yaml': deployment({
        container: ['readinesProbe: { httpGet: { path: /api/ready, port: http } }'],
      }),
    });
    assert.deepEqual(await lintManifests(folder), [
      'web.yaml (Deployment web): unknown field /spec/template/spec/containers/0/readinesProbe',
    ]);
  });

  it('refuses a variable the apps do not read, a ConfigMap not defined and a probe on an undeclared port', async () => {
    const folder = manifests({
      'web.yaml': deployment({
        container: [
          'env: [{ name: DATABASE_URLS, value: postgres://db/virtual_care }]',
          'envFrom: [{ configMapRef: { name: missing-config } }]',
          'livenessProbe: { httpGet: { path: /api/health, port: web } }',
        ],
      }),
    });
    assert.deepEqual(await lintManifests(folder), [
      'web.yaml (Deployment web) container web: DATABASE_URLS is not a variable the apps read',
      'web.yaml (Deployment web) container web: ConfigMap missing-config is not defined',
      'web.yaml (Deployment web) container web: livenessProbe names port web, not declared',
    ]);
  });

  it('refuses a Service selecting no pod and an autoscaler of a Deployment not defined', async () => {
    const folder = manifests({
      'web.yaml': deployment(),
      'service.yaml':
        'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  selector: { app: wbe }\n  ports: [{ port: 80 }]\n',
      'hpa.yaml': [
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        'metadata: { name: web }',
        'spec:',
        '  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: webb }',
        '  maxReplicas: 3',
        '',
      ].join('\n'),
    });
    assert.deepEqual(await lintManifests(folder), [
      'hpa.yaml (HorizontalPodAutoscaler web): scales Deployment webb, which is not defined',
      'service.yaml (Service web): its selector matches no pod template',
    ]);
  });

  it('refuses a manifest the kustomization leaves out, and a namespace written into a manifest', async () => {
    const folder = manifests({
      'web.yaml': deployment().replace('  name: web\n', '  name: web\n  namespace: prod\n'),
    });
    writeFileSync(
      path.join(folder, 'extra.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: extra }\n',
    );
    assert.deepEqual(await lintManifests(folder), [
      'kustomization.yaml: does not list extra.yaml',
      'web.yaml (Deployment web): sets metadata.namespace',
    ]);
  });
});
