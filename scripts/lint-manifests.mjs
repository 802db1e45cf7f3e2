#!/usr/bin/env node
// `node scripts/lint-manifests.mjs [dir]`: checks the Kubernetes manifests (default deploy/kubernetes, every
// folder below it) without a cluster, in CI's static step (docs/deploy.md, decision 0047). Each object is validated
// against the Kubernetes OpenAPI schema of its kind (kubernetes-models), with unknown fields refused as the API
// server's strict field validation would; each kustomization lists exactly the files beside it; and what the objects
// name of each other resolves: every environment variable a container is given is one the apps read (.env.example),
// every ConfigMap it loads exists, every Service, PodDisruptionBudget and NetworkPolicy selects some pod template,
// every autoscaler targets a Deployment, every probe's named port is declared. Exit 1, naming each problem.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Variables a container may be given: every one the web app and the worker read (.env.example lists each once),
 * and those the migration command reads (packages/db/src/migrate/cli.ts).
 */
export function knownVariables() {
  const example = readFileSync(path.join(root, '.env.example'), 'utf8');
  const migrate = readFileSync(path.join(root, 'packages/db/src/migrate/cli.ts'), 'utf8');
  return new Set([
    ...[...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]),
    ...[...migrate.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]),
  ]);
}

/** Problems in the manifests under `dir` (each YAML file, each of its documents); empty when all is well. */
export async function lintManifests(dir, variables = knownVariables()) {
  const problems = [];
  const objects = [];
  for (const file of yamlFiles(dir)) {
    const where = path.relative(dir, file);
    const documents = parseAllDocuments(readFileSync(file, 'utf8'));
    for (const [index, document] of documents.entries()) {
      const at = documents.length > 1 ? `${where}#${index + 1}` : where;
      if (document.errors.length > 0) {
        problems.push(...document.errors.map((error) => `${at}: ${error.message}`));
        continue;
      }
      const object = document.toJS();
      if (object === null) continue;
      if (path.basename(file) === 'kustomization.yaml') {
        problems.push(...checkKustomization(file, object, at));
        continue;
      }
      problems.push(...(await checkSchema(object, at)));
      objects.push({ object, at });
    }
  }
  return [...problems, ...checkReferences(objects, variables)];
}

function yamlFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** A kustomization names every manifest beside it (none left out of a deploy, none missing). */
function checkKustomization(file, kustomization, at) {
  const folder = path.dirname(file);
  const listed = new Set(kustomization.resources ?? []);
  const present = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => entry.name)
    .filter((name) => name !== 'kustomization.yaml');
  return [
    ...present.filter((name) => !listed.has(name)).map((name) => `${at}: does not list ${name}`),
    ...[...listed]
      .filter((name) => !name.includes('/') && !present.includes(name))
      .map((name) => `${at}: lists ${name}, which does not exist`),
  ];
}

/** The model class of an apiVersion and kind: `apps/v1` -> kubernetes-models/apps/v1, `v1` -> kubernetes-models/v1. */
async function modelOf(apiVersion, kind) {
  try {
    const models = await import(`kubernetes-models/${apiVersion}`);
    return models[kind] ?? null;
  } catch {
    return null;
  }
}

async function checkSchema(object, at) {
  const { apiVersion, kind } = object ?? {};
  const name = object?.metadata?.name;
  const label = `${at} (${kind ?? '?'} ${name ?? '?'})`;
  const Model =
    typeof apiVersion === 'string' && typeof kind === 'string'
      ? await modelOf(apiVersion, kind)
      : null;
  if (!Model) return [`${label}: no Kubernetes schema for apiVersion ${apiVersion} kind ${kind}`];
  const problems = [];
  // Namespace-agnostic: the namespace comes from `kubectl -n` or the kustomization.
  if (object.metadata?.namespace) problems.push(`${label}: sets metadata.namespace`);
  const read = new Map();
  try {
    Model.prototype.validate.call(watchReads(new Model(object).toJSON(), '', read));
  } catch (error) {
    problems.push(`${label}: ${error.message}`);
  }
  return [
    ...problems,
    ...unknownFields(object, '', read).map((field) => `${label}: unknown field ${field}`),
  ];
}

/**
 * The schema's validators read each property they know and enumerate only maps (labels, data, resources); a field
 * never read is one the schema does not have, which the API server refuses (or silently drops).
 */
function watchReads(value, at, read) {
  if (value === null || typeof value !== 'object') return value;
  const seen = new Set();
  read.set(at, seen);
  return new Proxy(value, {
    get(target, key) {
      if (typeof key === 'string') seen.add(key);
      return watchReads(target[key], `${at}/${String(key)}`, read);
    },
    ownKeys(target) {
      seen.add('*');
      return Reflect.ownKeys(target);
    },
  });
}

function unknownFields(value, at, read) {
  if (value === null || typeof value !== 'object') return [];
  const seen = read.get(at);
  if (!seen) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const field = `${at}/${key}`;
    if (!Array.isArray(value) && !seen.has('*') && !seen.has(key)) return [field];
    return unknownFields(child, field, read);
  });
}

/** What the objects name of each other, and the variables their containers are given. */
function checkReferences(objects, variables) {
  const problems = [];
  const named = (kind) =>
    new Set(
      objects
        .filter(({ object }) => object.kind === kind)
        .map(({ object }) => object.metadata.name),
    );
  const configMaps = named('ConfigMap');
  const deployments = named('Deployment');
  const templates = objects
    .map(({ object }) => object.spec?.template ?? object.spec?.jobTemplate?.spec?.template)
    .filter(Boolean);
  const selectsSomePod = (matchLabels) =>
    templates.some((template) =>
      Object.entries(matchLabels ?? {}).every(
        ([key, value]) => template.metadata?.labels?.[key] === value,
      ),
    );

  for (const { object, at } of objects) {
    const label = `${at} (${object.kind} ${object.metadata.name})`;
    for (const container of containersOf(object)) {
      const where = `${label} container ${container.name}`;
      for (const variable of container.env ?? []) {
        if (!variables.has(variable.name))
          problems.push(`${where}: ${variable.name} is not a variable the apps read`);
        const map = variable.valueFrom?.configMapKeyRef?.name;
        if (map && !configMaps.has(map)) problems.push(`${where}: ConfigMap ${map} is not defined`);
      }
      for (const source of container.envFrom ?? []) {
        const map = source.configMapRef?.name;
        if (map && !configMaps.has(map)) problems.push(`${where}: ConfigMap ${map} is not defined`);
      }
      const ports = new Set((container.ports ?? []).map((port) => port.name));
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const port = container[probe]?.httpGet?.port;
        if (typeof port === 'string' && !ports.has(port))
          problems.push(`${where}: ${probe} names port ${port}, not declared`);
      }
    }
    if (object.kind === 'ConfigMap') {
      for (const key of Object.keys(object.data ?? {})) {
        if (!variables.has(key)) problems.push(`${label}: ${key} is not a variable the apps read`);
      }
    }
    const selector =
      object.kind === 'Service'
        ? object.spec.selector
        : ['PodDisruptionBudget', 'NetworkPolicy'].includes(object.kind)
          ? (object.spec.selector ?? object.spec.podSelector)?.matchLabels
          : undefined;
    if (selector && !selectsSomePod(selector))
      problems.push(`${label}: its selector matches no pod template`);
    if (object.kind === 'HorizontalPodAutoscaler') {
      const target = object.spec.scaleTargetRef;
      if (target.kind !== 'Deployment' || !deployments.has(target.name))
        problems.push(`${label}: scales ${target.kind} ${target.name}, which is not defined`);
    }
  }
  return problems;
}

function containersOf(object) {
  const pod = (object.spec?.template ?? object.spec?.jobTemplate?.spec?.template)?.spec;
  return [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? path.join(root, 'deploy/kubernetes'));
  const problems = await lintManifests(dir);
  for (const problem of problems) console.error(`lint-manifests: ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.log(
    `lint-manifests: ${yamlFiles(dir).length} files under ${path.relative(root, dir)} are valid`,
  );
}
