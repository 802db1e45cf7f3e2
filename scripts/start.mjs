#!/usr/bin/env node
// `npm start`: the whole product on embedded defaults, with demo data.
// Everything it starts stops on Ctrl-C; a second run reuses the data in .data/
// (or VIRTUAL_CARE_DATA_DIR). Once up, it writes stack.json there (owner-only): the URLs of
// what it started and the web app's environment, for tools such as the end-to-end tests.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { installDependencies, root } from './lib/bootstrap.mjs';
import { useProjectNode } from './lib/node-runtime.mjs';
import { createSupervisor } from './lib/supervisor.mjs';
import {
  buildAndStartApps,
  configureDemoVideo,
  localSecrets,
  migrateAndSeed,
  startDatabase,
  startMessaging,
} from './lib/stack.mjs';
import { freePort, isPortFree } from './lib/ports.mjs';
import {
  DEMO_JITSI_APP_ID,
  startAiGatewayStandIn,
  startCommunicationStandIn,
  startJitsiStandIn,
} from './lib/stand-ins.mjs';

const log = (message) => console.log(`[start] ${message}`);
await useProjectNode({ announce: log }); // on an older Node: installs the pinned one and runs this again on it
const dataDir = path.resolve(root, process.env.VIRTUAL_CARE_DATA_DIR ?? '.data');
const webPort = Number(process.env.PORT ?? 3000);
const supervisor = createSupervisor(log);
supervisor.stopOnSignals();

async function main() {
  installDependencies(log);
  const database = await startDatabase({
    dataDir: path.join(dataDir, 'postgres'),
    preferredPort: 54329,
    persistent: true,
    supervisor,
    log,
  });
  const natsUrl = await startMessaging({
    storeDir: path.join(dataDir, 'nats'),
    preferredPort: 4222,
    supervisor,
    log,
  });
  if (!natsUrl)
    log(
      'NATS is not running: the web app runs, live updates fall back to polling and events wait in the outbox.',
    );
  const secrets = localSecrets(dataDir);
  // The demo tenant's video backend: the local Jitsi stand-in (README, "Demo mode").
  const jitsiUrl = await startJitsiStandIn({
    port: (await isPortFree(8443)) ? 8443 : 0,
    jwtSecret: secrets.DEMO_JITSI_JWT_SECRET,
    supervisor,
    log,
  });
  log(`Jitsi stand-in: ${jitsiUrl} (a local stand-in, not a real Jitsi Meet)`);
  // The messaging threads of the bandwidth fallback, unless a real communication-service is configured.
  const communicationUrl =
    process.env.COMMUNICATION_SERVICE_URL ||
    (await startCommunicationStandIn({
      port: (await isPortFree(8092)) ? 8092 : 0,
      natsUrl,
      supervisor,
      log,
    }));
  log(
    process.env.COMMUNICATION_SERVICE_URL
      ? 'communication-service: using COMMUNICATION_SERVICE_URL'
      : `communication-service stand-in: ${communicationUrl} (a local stand-in, not the real service)`,
  );
  // The scribe's AI gateway, unless a real one is configured (then its key comes from the environment too).
  const aiGateway = process.env.AI_GATEWAY_URL
    ? { url: process.env.AI_GATEWAY_URL, apiKey: null }
    : await startAiGatewayStandIn({
        port: (await isPortFree(8093)) ? 8093 : 0,
        supervisor,
        log,
      });
  log(
    process.env.AI_GATEWAY_URL
      ? 'AI gateway: using AI_GATEWAY_URL'
      : `AI gateway stand-in: ${aiGateway.url} (a local stand-in answering canned clinical text, not a real model)`,
  );
  migrateAndSeed(database, { seed: true, env: { DEMO_JITSI_URL: jitsiUrl } });
  configureDemoVideo(database, { jitsiUrl, appId: DEMO_JITSI_APP_ID, secrets });

  const baseUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${webPort}`;
  const env = {
    ...secrets,
    NODE_ENV: 'production',
    NEXTAUTH_URL: baseUrl,
    VIDEO_ALLOW_LOOPBACK_HTTP: 'true',
    COMMUNICATION_SERVICE_URL: communicationUrl,
    AI_GATEWAY_URL: aiGateway.url,
    ...(aiGateway.apiKey ? { AI_GATEWAY_API_KEY: aiGateway.apiKey } : {}),
    // The patients' photos beside the other local data, for the web app and the worker alike (unless S3 is set).
    ATTACHMENT_DIR: process.env.ATTACHMENT_DIR || path.join(dataDir, 'attachments'),
    ...(natsUrl ? { NATS_URL: natsUrl } : {}),
  };
  const webEnv = await buildAndStartApps({
    database,
    env,
    webPort,
    workerHealthPort: (await isPortFree(9400)) ? 9400 : await freePort(),
    supervisor,
    log,
    onExit: (name) => (code) => {
      log(`${name} exited (${code}); stopping.`);
      void supervisor.stopAll().then(() => process.exit(1));
    },
  });

  writeFileSync(
    path.join(dataDir, 'stack.json'),
    JSON.stringify(
      {
        baseUrl,
        databaseAdminUrl: database.migrationUrl,
        natsUrl,
        jitsiUrl,
        communicationUrl,
        aiGatewayUrl: aiGateway.url,
        webEnv,
      },
      null,
      2,
    ),
    { mode: 0o600 },
  );
  console.log(`
  Virtual Care is running at ${baseUrl}

  Demo sign-in (password after the slash):
    clinician     clinician@demo.virtual-care.local / demo-clinician
    tenant admin  admin@demo.virtual-care.local / demo-admin
    patient       patient@demo.virtual-care.local / demo-patient

  Ctrl-C stops everything.
`);
}

main().catch(async (error) => {
  console.error(`[start] ${error.stack ?? error}`);
  await supervisor.stopAll();
  process.exit(1);
});
