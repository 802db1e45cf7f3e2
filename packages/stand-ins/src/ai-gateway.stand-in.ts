import { createHash, randomUUID } from 'node:crypto';
import {
  listenOnLoopback,
  readBytes,
  sendJson,
  sleep,
  type RunningStandIn,
  type StandInOptions,
} from './http-server';

/**
 * ok: answers; slow: answers after `slowMs`; down: every API request answers 503; refuse-*: chat completions
 * are refused in one of the forms gateways use (finish_reason content_filter, a `message.refusal`, a 400
 * content-policy error). Transcriptions are answered in every mode but slow and down.
 */
export const AI_GATEWAY_MODES = [
  'ok',
  'slow',
  'down',
  'refuse-filter',
  'refuse-field',
  'refuse-400',
] as const;
export type AiGatewayMode = (typeof AI_GATEWAY_MODES)[number];

/** What the stand-in received: metadata only, as the gateway's own access log would hold. */
export interface AiGatewayRequest {
  path: string;
  model: string | null;
  /** Audio bytes of a transcription; UTF-8 bytes of the user message of a chat completion. */
  bytes: number;
  /** The Authorization header as received, to check the key is sent as a Bearer token. */
  authorization: string | null;
}

export interface AiGatewayStandIn extends RunningStandIn {
  /** The same as `stop`, under the name the scribe's tests use. */
  close(): Promise<void>;
  setMode(mode: AiGatewayMode): void;
  mode(): AiGatewayMode;
  readonly requests: readonly AiGatewayRequest[];
}

export interface AiGatewayStandInOptions extends StandInOptions {
  mode?: AiGatewayMode;
  /** Delay of the `slow` mode (default 2000 ms). */
  slowMs?: number;
  /** When set, requests without `Authorization: Bearer <apiKey>` answer 401, as a real gateway does. */
  apiKey?: string;
}

// What OpenAI's API accepts for an upload; larger chunks are the client's bug, not ours to store.
const MAX_AUDIO_BYTES = 25 * 1024 * 1024;
const MAX_JSON_BYTES = 1_000_000;

const CLINICAL_PHRASES = [
  'I have had a headache for three days.',
  'The pain is worse in the morning.',
  'I have no fever.',
  'I am taking ibuprofen twice a day.',
  'My blood pressure was normal last week.',
  'I feel short of breath when I climb stairs.',
  'The rash started after the new soap.',
  'I sleep about five hours a night.',
  'My cough is dry and worse at night.',
  'I have no allergies that I know of.',
  'The swelling in my ankle has gone down.',
  'I would like to renew my prescription.',
];

/**
 * Local stand-in for an AI gateway serving the OpenAI-compatible API (LiteLLM, vLLM, Kong AI Proxy):
 *
 *   POST /v1/audio/transcriptions   multipart { file, model, response_format } -> 200 { text }
 *   POST /v1/chat/completions       { model, messages, temperature } -> 200 chat.completion
 *   POST /__control                 { mode, slowMs? } -> 200 { mode } (switches the mode, e.g. from a browser test)
 *   GET  /health                    200
 *
 * Answers are deterministic: a transcription picks clinical phrases by a hash of the audio bytes (the same
 * chunk gives the same text, an empty chunk an empty text); a summary quotes the transcript's first sentence.
 */
export async function startAiGatewayStandIn(
  options: AiGatewayStandInOptions = {},
): Promise<AiGatewayStandIn> {
  let mode: AiGatewayMode = options.mode ?? 'ok';
  let slowMs = options.slowMs ?? 2000;
  const requests: AiGatewayRequest[] = [];

  const server = await listenOnLoopback(async (req, res, url) => {
    if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { ok: true });
    if (req.method === 'POST' && url.pathname === '/__control') {
      const body = parseJson(await readBytes(req, MAX_JSON_BYTES)) as {
        mode?: unknown;
        slowMs?: unknown;
      } | null;
      if (!isMode(body?.mode))
        return sendJson(res, 400, apiError(`mode must be one of ${AI_GATEWAY_MODES.join(', ')}`));
      mode = body.mode;
      if (typeof body.slowMs === 'number' && body.slowMs >= 0) slowMs = body.slowMs;
      return sendJson(res, 200, { mode, slowMs });
    }
    const isTranscription = url.pathname === '/v1/audio/transcriptions';
    if (!isTranscription && url.pathname !== '/v1/chat/completions')
      return sendJson(res, 404, apiError('unknown path', 'not_found'));
    if (req.method !== 'POST') return sendJson(res, 405, apiError('method not allowed'));

    const authorization = req.headers.authorization ?? null;
    const raw = await readBytes(req, isTranscription ? MAX_AUDIO_BYTES + 64_000 : MAX_JSON_BYTES);
    if (mode === 'slow') await sleep(slowMs);
    if (mode === 'down')
      return sendJson(res, 503, apiError('AI gateway stand-in is down', 'service_unavailable'));
    if (options.apiKey && authorization !== `Bearer ${options.apiKey}`) {
      requests.push({ path: url.pathname, model: null, bytes: 0, authorization });
      return sendJson(res, 401, apiError('invalid API key', 'invalid_api_key'));
    }

    if (isTranscription) {
      const form = await parseMultipart(raw, req.headers['content-type']);
      const file = form?.get('file');
      const model = form?.get('model');
      if (!(file instanceof Blob) || typeof model !== 'string')
        return sendJson(res, 400, apiError('expected multipart { file, model }'));
      const audio = new Uint8Array(await file.arrayBuffer());
      requests.push({ path: url.pathname, model, bytes: audio.byteLength, authorization });
      return sendJson(res, 200, { text: transcriptOf(audio) });
    }

    const body = parseJson(raw) as { model?: unknown; messages?: unknown } | null;
    const model = typeof body?.model === 'string' ? body.model : null;
    const transcript = userMessageOf(body?.messages);
    if (model === null || transcript === null)
      return sendJson(res, 400, apiError('expected { model, messages: [..., { role: "user" }] }'));
    requests.push({
      path: url.pathname,
      model,
      bytes: Buffer.byteLength(transcript),
      authorization,
    });
    if (mode === 'refuse-400')
      return sendJson(res, 400, {
        error: {
          message: 'The request was rejected by the content policy.',
          type: 'invalid_request_error',
          code: 'content_policy_violation',
          param: null,
        },
      });
    if (mode === 'refuse-filter')
      return sendJson(res, 200, completion(model, null, 'content_filter'));
    if (mode === 'refuse-field')
      return sendJson(
        res,
        200,
        completion(model, null, 'stop', 'I cannot help with summarising this conversation.'),
      );
    return sendJson(res, 200, completion(model, summaryOf(transcript), 'stop'));
  }, options);

  return {
    ...server,
    close: () => server.stop(),
    setMode: (next) => void (mode = next),
    mode: () => mode,
    requests,
  };
}

function isMode(value: unknown): value is AiGatewayMode {
  return AI_GATEWAY_MODES.includes(value as AiGatewayMode);
}

function apiError(message: string, code: string | null = null): unknown {
  return { error: { message, type: 'invalid_request_error', code, param: null } };
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

/** Node's fetch Request parses multipart/form-data as any server framework would. */
async function parseMultipart(
  raw: Buffer,
  contentType: string | undefined,
): Promise<FormData | null> {
  if (!contentType?.startsWith('multipart/form-data')) return null;
  try {
    return await new Request('http://stand-in/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(raw),
    }).formData();
  } catch {
    return null;
  }
}

function userMessageOf(messages: unknown): string | null {
  if (!Array.isArray(messages)) return null;
  const user = (messages as Array<{ role?: unknown; content?: unknown }>).findLast(
    (m) => m.role === 'user',
  );
  return typeof user?.content === 'string' ? user.content : null;
}

function transcriptOf(audio: Uint8Array): string {
  if (audio.byteLength === 0) return '';
  const hash = createHash('sha256').update(audio).digest();
  const first = CLINICAL_PHRASES[hash[0]! % CLINICAL_PHRASES.length]!;
  // A different second phrase, so every transcript reads as two sentences.
  const offset = 1 + (hash[1]! % (CLINICAL_PHRASES.length - 1));
  const second =
    CLINICAL_PHRASES[(CLINICAL_PHRASES.indexOf(first) + offset) % CLINICAL_PHRASES.length]!;
  return `${first} ${second}`;
}

function summaryOf(transcript: string): string {
  const firstSentence = /^[^.!?]*[.!?]?/.exec(transcript.trim())?.[0]?.trim() ?? '';
  return [
    `Subjective: ${firstSentence ? `The patient said: "${firstSentence}"` : 'Nothing was said.'}`,
    'Objective: No examination findings were discussed.',
    'Assessment: Not stated in the conversation.',
    'Plan: Not stated in the conversation.',
  ].join('\n');
}

function completion(
  model: string,
  content: string | null,
  finishReason: 'stop' | 'content_filter',
  refusal: string | null = null,
): unknown {
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      { index: 0, message: { role: 'assistant', content, refusal }, finish_reason: finishReason },
    ],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}
