/**
 * Starts a stand-in from the command line, for the demo's start script:
 *
 *   tsx packages/stand-ins/src/cli.ts jitsi --port 8443 [--app-id ID]   (JITSI_STANDIN_JWT_SECRET in env checks tokens)
 *   tsx packages/stand-ins/src/cli.ts fhir --port 8090
 *   tsx packages/stand-ins/src/cli.ts access-policy --port 8091
 *   tsx packages/stand-ins/src/cli.ts communication --port 8092 [--nats-url URL] [--subject-prefix P] [--stream S]
 *   tsx packages/stand-ins/src/cli.ts ai-gateway --port 8093   (AI_GATEWAY_STANDIN_API_KEY in env checks the key)
 *
 * Prints one line `ready <name> <url>` when listening and stops on SIGINT/SIGTERM. The JWT secret and the API
 * key come from the environment only, so they never show in a process list.
 */
import { startAccessPolicyStandIn } from './access-policy.stand-in';
import { startAiGatewayStandIn } from './ai-gateway.stand-in';
import { startCommunicationServiceStandIn } from './communication-service.stand-in';
import { startFhirR4StandIn } from './fhir-r4.stand-in';
import type { RunningStandIn } from './http-server';
import { startJitsiMeetStandIn } from './jitsi-meet.stand-in';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  const [name = 'jitsi', ...args] = argv;
  const portText = option(args, '--port') ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${portText}`);

  let running: RunningStandIn;
  if (name === 'jitsi') {
    const appId = option(args, '--app-id');
    const jwtSecret = process.env.JITSI_STANDIN_JWT_SECRET;
    running = await startJitsiMeetStandIn({
      port,
      ...(appId ? { appId } : {}),
      ...(jwtSecret ? { jwtSecret } : {}),
    });
  } else if (name === 'fhir') {
    running = await startFhirR4StandIn({ port });
  } else if (name === 'access-policy') {
    running = await startAccessPolicyStandIn({ port });
  } else if (name === 'communication') {
    const natsUrl = option(args, '--nats-url');
    const subjectPrefix = option(args, '--subject-prefix');
    const stream = option(args, '--stream');
    running = await startCommunicationServiceStandIn({
      port,
      ...(natsUrl ? { natsUrl } : {}),
      ...(subjectPrefix ? { subjectPrefix } : {}),
      ...(stream ? { stream } : {}),
    });
  } else if (name === 'ai-gateway') {
    const apiKey = process.env.AI_GATEWAY_STANDIN_API_KEY;
    running = await startAiGatewayStandIn({ port, ...(apiKey ? { apiKey } : {}) });
  } else {
    throw new Error(
      `unknown stand-in "${name}" (jitsi, fhir, access-policy, communication, ai-gateway)`,
    );
  }
  console.log(`ready ${name} ${running.url}`);
  const stop = (): void => {
    void running.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
