import { spawn } from 'node:child_process';
import path from 'node:path';
import { repositoryRoot } from './product';

export interface FhirResource {
  resourceType: string;
  id: string;
  [field: string]: unknown;
}

/** The local FHIR R4 server stand-in (packages/stand-ins), read over its REST API like any chart. */
export interface FhirStandIn {
  url: string;
  read(type: string, id: string): Promise<FhirResource | null>;
  /** Every resource of the type it holds. */
  all(type: string): Promise<FhirResource[]>;
  stop(): Promise<void>;
}

/** Starts the stand-in's command line (as `npm start` starts the others) on a free port. */
export function startFhirStandIn(): Promise<FhirStandIn> {
  const cli = path.join(repositoryRoot, 'packages/stand-ins/src/cli.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'fhir', '--port', '0'], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready fhir (\S+)/.exec(output);
      if (!ready?.[1]) return;
      const url = ready[1].replace('127.0.0.1', 'localhost');
      resolve({
        url,
        stop,
        read: async (type, id) => {
          const response = await fetch(`${url}/${type}/${encodeURIComponent(id)}`);
          return response.ok ? ((await response.json()) as FhirResource) : null;
        },
        all: async (type) => {
          const bundle = (await (await fetch(`${url}/${type}`)).json()) as {
            entry?: Array<{ resource: FhirResource }>;
          };
          return (bundle.entry ?? []).map((entry) => entry.resource);
        },
      });
    });
    child.once('exit', (code) =>
      reject(new Error(`the FHIR stand-in exited (${code}) before it was ready: ${output}`)),
    );
  });
}
