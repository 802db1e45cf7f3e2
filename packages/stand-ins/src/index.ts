export {
  startJitsiMeetStandIn,
  type JitsiMeetStandIn,
  type JitsiStandInOptions,
  type RecordedJoin,
} from './jitsi-meet.stand-in';
export { startFhirR4StandIn, type FhirR4StandIn } from './fhir-r4.stand-in';
export {
  startAccessPolicyStandIn,
  type AccessPolicyStandIn,
  type ConsentKind,
} from './access-policy.stand-in';
export {
  startCommunicationServiceStandIn,
  type CommunicationServiceStandIn,
  type CommunicationServiceStandInOptions,
  type MessagingThread,
  type ThreadMessage,
} from './communication-service.stand-in';
export type { RunningStandIn, StandInOptions } from './http-server';
export {
  startAiGatewayStandIn,
  AI_GATEWAY_MODES,
  type AiGatewayStandIn,
  type AiGatewayStandInOptions,
  type AiGatewayMode,
  type AiGatewayRequest,
} from './ai-gateway.stand-in';
