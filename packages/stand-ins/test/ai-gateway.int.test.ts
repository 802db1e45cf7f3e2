import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAiGatewayStandIn, type AiGatewayStandIn } from '../src/index';

let gateway: AiGatewayStandIn;
beforeAll(async () => {
  gateway = await startAiGatewayStandIn();
});
afterAll(async () => {
  await gateway.close();
});

const control = (body: unknown) =>
  fetch(`${gateway.url}/__control`, { method: 'POST', body: JSON.stringify(body) });

function transcribe(audio: Uint8Array<ArrayBuffer>): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([audio], { type: 'audio/webm' }), 'audio.webm');
  form.append('model', 'whisper-1');
  return fetch(`${gateway.url}/v1/audio/transcriptions`, { method: 'POST', body: form });
}

const summarize = (transcript: string) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: transcript }],
    }),
  });

describe('AI gateway stand-in', () => {
  it('a browser test switches its mode over HTTP, and an unknown mode is refused', async () => {
    expect(await (await control({ mode: 'down' })).json()).toMatchObject({ mode: 'down' });
    expect(gateway.mode()).toBe('down');
    expect((await summarize('I have a cough.')).status).toBe(503);
    expect((await control({ mode: 'sleepy' })).status).toBe(400);
    expect(gateway.mode()).toBe('down');
    await control({ mode: 'ok' });
    expect((await summarize('I have a cough.')).status).toBe(200);
  });

  it('in a refusing mode it still transcribes: only the summary is refused', async () => {
    gateway.setMode('refuse-filter');
    const transcript = (await (await transcribe(new Uint8Array([9, 8, 7]))).json()) as {
      text: string;
    };
    expect(transcript.text.length).toBeGreaterThan(0);
    const completion = (await (await summarize(transcript.text)).json()) as {
      choices: Array<{ finish_reason: string; message: { content: string | null } }>;
    };
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'content_filter',
      message: { content: null },
    });
    gateway.setMode('ok');
  });

  it('slow mode answers after the configured delay', async () => {
    await control({ mode: 'slow', slowMs: 300 });
    const started = Date.now();
    expect((await summarize('I feel dizzy.')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    gateway.setMode('ok');
  });
});
