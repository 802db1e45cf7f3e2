import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError, type AiGatewayPort } from '@virtual-care/domain';
import { startAiGatewayStandIn, type AiGatewayStandIn } from '@virtual-care/stand-ins';
import { createAiGatewayAdapter } from '../../src/adapters/ai-gateway.adapter';
import { aiGatewayKeyFromEnv } from '../../src/adapters/ai-gateway-key';
import { aiGateway } from '../../src/composition/services';

const API_KEY = `sk-${randomBytes(16).toString('hex')}`;
const visit = { tenantId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', sessionId: 'vsn_01JAIGATEWAY' };
const TRANSCRIPT = 'My chest hurts when I breathe deeply. It started on Sunday after the marathon.';

let gateway: AiGatewayStandIn;
beforeAll(async () => {
  gateway = await startAiGatewayStandIn({ apiKey: API_KEY, slowMs: 1500 });
});
afterAll(async () => {
  await gateway.close();
});
beforeEach(() => gateway.setMode('ok'));

function adapter(overrides: { apiKey?: string; summaryTimeoutMs?: number } = {}): AiGatewayPort {
  return createAiGatewayAdapter({
    baseUrl: gateway.url,
    apiKey: overrides.apiKey ?? API_KEY,
    transcriptionModel: 'whisper-1',
    summaryModel: 'gpt-4o-mini',
    transcriptionTimeoutMs: 1000,
    summaryTimeoutMs: overrides.summaryTimeoutMs ?? 5000,
  });
}

const chunk = (seed: number, bytes = 4096) =>
  Uint8Array.from({ length: bytes }, (_, i) => (i * 31 + seed) % 256);

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

/** What an operator could ever see of a failure: no word of the visit's conversation may be in it. */
function expectNoVisitContent(error: DomainError, ...texts: string[]): void {
  const visible = `${error.message} ${JSON.stringify(error.details ?? {})}`;
  const words = texts.flatMap((t) => t.split(/\W+/)).filter((w) => w.length > 3);
  for (const word of words) expect(visible).not.toContain(word);
}

describe('AI gateway adapter: the OpenAI-compatible API (US-011, US-012)', () => {
  it('transcribes an audio chunk with the configured model, sending the key as a Bearer token', async () => {
    const ai = adapter();
    const first = await ai.transcribe({ ...visit, audio: chunk(1), mimeType: 'audio/webm' });
    expect(first.model).toBe('whisper-1');
    expect(first.text).toMatch(/^[A-Z].+\.$/);
    // The same audio gives the same words, other audio other words.
    const again = await ai.transcribe({ ...visit, audio: chunk(1), mimeType: 'audio/webm' });
    const other = await ai.transcribe({ ...visit, audio: chunk(2), mimeType: 'audio/webm' });
    expect(again.text).toBe(first.text);
    expect(other.text).not.toBe(first.text);
    expect(gateway.requests.at(-1)).toEqual({
      path: '/v1/audio/transcriptions',
      model: 'whisper-1',
      bytes: 4096,
      authorization: `Bearer ${API_KEY}`,
    });
  });

  it('a silent chunk is an empty transcript, not a failure', async () => {
    const result = await adapter().transcribe({
      ...visit,
      audio: new Uint8Array(0),
      mimeType: 'audio/webm;codecs=opus',
    });
    expect(result).toEqual({ text: '', model: 'whisper-1' });
  });

  it('summarises the transcript into a SOAP draft naming the model that wrote it', async () => {
    const result = await adapter().summarize({ ...visit, transcript: TRANSCRIPT });
    expect(result).toEqual({
      status: 'draft',
      text: expect.stringContaining(
        'Subjective: The patient said: "My chest hurts when I breathe deeply."',
      ) as string,
      model: 'gpt-4o-mini',
    });
    expect(gateway.requests.at(-1)).toMatchObject({
      path: '/v1/chat/completions',
      model: 'gpt-4o-mini',
      bytes: Buffer.byteLength(TRANSCRIPT),
    });
  });

  it.each([
    ['refuse-filter', 'content_filter'],
    ['refuse-field', 'model_refusal'],
    ['refuse-400', 'content_policy'],
  ] as const)('a refusal answered as %s is a refusal (%s), never a draft', async (mode, reason) => {
    gateway.setMode(mode);
    expect(await adapter().summarize({ ...visit, transcript: TRANSCRIPT })).toEqual({
      status: 'refused',
      reason,
    });
  });

  it('a gateway that is down, or not listening at all, is unavailable', async () => {
    gateway.setMode('down');
    const down = await failure(adapter().summarize({ ...visit, transcript: TRANSCRIPT }));
    expect(down.code).toBe('AI_GATEWAY_UNAVAILABLE');
    expect(down.message).toBe('ai-gateway: summary answered HTTP 503');
    expectNoVisitContent(down, TRANSCRIPT);

    const closed = await startAiGatewayStandIn();
    await closed.close();
    const refused = await failure(
      createAiGatewayAdapter({
        baseUrl: closed.url,
        apiKey: null,
        transcriptionModel: 'whisper-1',
        summaryModel: 'gpt-4o-mini',
      }).transcribe({ ...visit, audio: chunk(3), mimeType: 'audio/webm' }),
    );
    expect(refused.code).toBe('AI_GATEWAY_UNAVAILABLE');
    expect(refused.message).toMatch(/^ai-gateway: transcription failed: network error/);
  });

  it('a gateway slower than the timeout is unavailable, in time', async () => {
    gateway.setMode('slow');
    const started = Date.now();
    const error = await failure(
      adapter({ summaryTimeoutMs: 300 }).summarize({ ...visit, transcript: TRANSCRIPT }),
    );
    expect(Date.now() - started).toBeLessThan(1200);
    expect(error.code).toBe('AI_GATEWAY_UNAVAILABLE');
    expect(error.message).toBe('ai-gateway: summary failed: timed out');
    expectNoVisitContent(error, TRANSCRIPT);
  });

  it('a wrong key is unavailable, and the error quotes neither the key nor the conversation', async () => {
    const wrongKey = `sk-${randomBytes(16).toString('hex')}`;
    const error = await failure(
      adapter({ apiKey: wrongKey }).summarize({ ...visit, transcript: TRANSCRIPT }),
    );
    expect(error.code).toBe('AI_GATEWAY_UNAVAILABLE');
    expect(error.message).toBe('ai-gateway: summary answered HTTP 401');
    expectNoVisitContent(error, TRANSCRIPT, wrongKey, API_KEY);
  });

  it('without AI_GATEWAY_URL every call is unavailable, saying so', async () => {
    const ai = aiGateway({
      url: null,
      apiKey: null,
      transcriptionModel: 'whisper-1',
      summaryModel: 'gpt-4o-mini',
      transcriptionTimeoutMs: 15_000,
      summaryTimeoutMs: 30_000,
    });
    for (const call of [
      ai.transcribe({ ...visit, audio: chunk(4), mimeType: 'audio/webm' }),
      ai.summarize({ ...visit, transcript: TRANSCRIPT }),
    ]) {
      const error = await failure(call);
      expect(error.code).toBe('AI_GATEWAY_UNAVAILABLE');
      expect(error.message).toBe('ai-gateway: AI_GATEWAY_URL is not configured');
    }
  });
});

describe('AI gateway key (AI_GATEWAY_API_KEY / AI_GATEWAY_API_KEY_FILE)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vc-ai-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the key inline or from a mounted secret file, and is null when neither is set', () => {
    const file = path.join(dir, 'key');
    writeFileSync(file, `${API_KEY}\n`);
    expect(aiGatewayKeyFromEnv({ AI_GATEWAY_API_KEY: API_KEY })).toBe(API_KEY);
    expect(aiGatewayKeyFromEnv({ AI_GATEWAY_API_KEY_FILE: file })).toBe(API_KEY);
    expect(aiGatewayKeyFromEnv({})).toBeNull();
  });

  it('refuses both at once without quoting the key', () => {
    expect(() =>
      aiGatewayKeyFromEnv({ AI_GATEWAY_API_KEY: API_KEY, AI_GATEWAY_API_KEY_FILE: '/nowhere' }),
    ).toThrow(/^Set AI_GATEWAY_API_KEY or AI_GATEWAY_API_KEY_FILE, not both$/);
    expect(() => aiGatewayKeyFromEnv({ AI_GATEWAY_API_KEY_FILE: path.join(dir, 'none') })).toThrow(
      'AI_GATEWAY_API_KEY_FILE cannot be read',
    );
  });
});
