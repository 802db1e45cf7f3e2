import {
  startCommunicationServiceStandIn,
  type CommunicationServiceStandIn,
} from '@virtual-care/stand-ins';
import { afterAll, beforeAll } from 'vitest';
import type { Face, Stack } from './stack';

/**
 * The file's communication-service stand-in and the services configured with it (COMMUNICATION_SERVICE_URL), as a
 * deployment runs them. Both are set once the file's tests start.
 */
export function useCommunicationService(stack: Stack): {
  comms: CommunicationServiceStandIn;
  face: Face;
} {
  const messaging = {} as { comms: CommunicationServiceStandIn; face: Face };
  beforeAll(async () => {
    messaging.comms = await startCommunicationServiceStandIn();
    messaging.face = stack.face({ COMMUNICATION_SERVICE_URL: messaging.comms.url });
  });
  afterAll(() => messaging.comms.stop());
  return messaging;
}
