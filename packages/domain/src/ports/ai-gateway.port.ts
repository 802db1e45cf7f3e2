export interface TranscriptionResult {
  text: string;
  model: string;
}

export type SummaryResult =
  { status: 'draft'; text: string; model: string } | { status: 'refused'; reason: string };

/** ai-gateway-service. Throws on unreachability; use cases map it to AI_GATEWAY_UNAVAILABLE. */
export interface AiGatewayPort {
  transcribe(input: {
    tenantId: string;
    sessionId: string;
    audio: Uint8Array;
    mimeType: string;
  }): Promise<TranscriptionResult>;
  summarize(input: {
    tenantId: string;
    sessionId: string;
    transcript: string;
  }): Promise<SummaryResult>;
}
