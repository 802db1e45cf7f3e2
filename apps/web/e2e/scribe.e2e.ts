import { expect, test, type BrowserContext, type Page } from './support/test';
import { debianChromium } from './debian-chromium';
import { startFhirStandIn, type FhirResource, type FhirStandIn } from './support/fhir-stand-in';
import { MARIAM, signInThroughForm } from './support/languages';
import { expectAccessible, shot } from './support/pages';
import { sameOrigin } from './support/same-origin';
import { startedProduct, startFreshWebProcess, type FreshWebProcess } from './support/product';
import { writeToneWav } from './support/tone-wav';
import { visitUnderWay, type VisitUnderWay } from './support/visit';

/**
 * The AI scribe as a clinician uses it (US-011, US-012, decision 0029), in a real browser whose microphone plays a
 * WAV file of tones: transcription during the visit, the running transcript (the AI gateway stand-in's phrases),
 * a refusal and the AI service down said plainly with the visit untouched, a declined draft that saves nothing,
 * an edited draft accepted into the chart with its provenance, and a summary written after the call.
 *
 * The chart is read, not trusted: the web process under test charts to a FHIR R4 server stand-in this test starts
 * (the demo's own store keeps notes in the web process's memory, out of reach), and the DocumentReference and its
 * Provenance are read back from it.
 */

test.use({
  launchOptions: debianChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${writeToneWav()}`,
    '--autoplay-policy=no-user-gesture-required',
  ]),
});
test.describe.configure({ mode: 'serial', timeout: 180_000 });

/** What the AI gateway stand-in transcribes any audio into (packages/stand-ins/src/ai-gateway.stand-in.ts). */
const STAND_IN_PHRASE =
  /headache|pain is worse|no fever|ibuprofen|blood pressure|short of breath|rash|sleep about|cough|allergies|ankle|prescription/;
const AI_PROVENANCE = 'urn:virtual-care:fhir:StructureDefinition:ai-provenance';

/** Switches the AI gateway stand-in: ok, down, or refusing the way a content filter does. */
async function aiGateway(mode: 'ok' | 'down' | 'refuse-filter') {
  const response = await fetch(`${startedProduct().aiGatewayUrl}/__control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
  expect(response.status, `the AI gateway stand-in takes mode ${mode}`).toBe(200);
}

/** The ai-provenance extension's parts of a charted note, by name. */
function aiProvenance(note: FhirResource): Record<string, unknown> {
  const extensions = (note.extension ?? []) as Array<{
    url: string;
    extension?: Array<{ url: string } & Record<string, unknown>>;
  }>;
  const parts = extensions.find((e) => e.url === AI_PROVENANCE)?.extension ?? [];
  return Object.fromEntries(parts.map(({ url, ...value }) => [url, Object.values(value)[0]]));
}

let chart: FhirStandIn;
let web: FreshWebProcess;
let clinician: { context: BrowserContext; page: Page };
let visit: VisitUnderWay;

test.beforeAll(async ({ browser }) => {
  // A web process to start, a patient to bring through the device check and the waiting room.
  test.setTimeout(150_000);
  chart = await startFhirStandIn();
  web = await startFreshWebProcess(startedProduct(), { FHIR_BASE_URL: chart.url });
  const context = await browser.newContext({
    baseURL: web.baseUrl,
    locale: 'en-GB',
    permissions: ['microphone', 'camera'],
  });
  await context.addCookies([{ name: 'vc-lang', value: 'en', url: web.baseUrl }]);
  const page = await context.newPage();
  await signInThroughForm(page, 'clinician@demo.virtual-care.local', 'demo-clinician');
  await expect(page, web.output()).toHaveURL(/\/clinician/);
  clinician = { context, page };

  // The patient agreed to AI help with notes (read to them, attested by the clinician).
  const texts = (await (await page.request.get('/api/v1/virtual-care/consents/texts')).json()) as {
    items: Array<{ type: string; version: string }>;
  };
  const aiText = texts.items.find((text) => text.type === 'ai_processing');
  const consent = await page.request.post('/api/v1/virtual-care/consents/verbal', {
    headers: sameOrigin(page),
    data: {
      patientId: MARIAM,
      type: 'ai_processing',
      textVersion: aiText?.version,
      attested: true,
    },
  });
  expect(consent.status(), await consent.text()).toBeLessThan(300);

  visit = await visitUnderWay(browser, { clinician });
});

test.afterAll(async () => {
  await aiGateway('ok');
  // A visit left open by a failed step would keep Mariam "already in a visit" for the tests after this one.
  if (visit)
    await clinician.page.request.post(`/api/v1/virtual-care/sessions/${visit.session.id}/end`, {
      headers: sameOrigin(clinician.page),
      data: {},
    });
  await visit?.close();
  await clinician?.context.close();
  await web?.stop();
  await chart?.stop();
});

test('transcription during the visit: the running transcript, marked as not in the chart', async () => {
  const doctor = visit.doctor;
  const scribe = doctor.getByRole('region', { name: 'AI scribe' });
  await expect(
    scribe.getByRole('heading', { name: 'AI transcript: not in the chart' }),
  ).toBeVisible();
  await expect(scribe.getByText('Nothing has been transcribed yet.')).toBeVisible();

  await scribe.getByRole('button', { name: 'Start transcription' }).click();
  await expect(scribe.getByRole('button', { name: 'Stop transcription' })).toBeVisible();
  const transcript = doctor.getByTestId('scribe-transcript');
  // The first chunk is sent after about five seconds of speech.
  await expect(transcript.getByRole('listitem').first()).toHaveText(STAND_IN_PHRASE, {
    timeout: 20_000,
  });
  await expect(transcript).toHaveAttribute('aria-live', 'polite');
  await shot(doctor, 'scribe-transcribing');

  await scribe.getByRole('button', { name: 'Stop transcription' }).click();
  await expect(scribe.getByRole('button', { name: 'Start transcription' })).toBeEnabled({
    timeout: 15_000,
  });
  await expectAccessible(doctor, 'the visit room with the AI transcript');
});

test('a refusal and the AI service down are said plainly; nothing is saved and the visit goes on', async () => {
  const doctor = visit.doctor;
  const scribe = doctor.getByRole('region', { name: 'AI scribe' });
  const notesBefore = (await chart.all('DocumentReference')).length;

  await aiGateway('refuse-filter');
  await scribe.getByRole('button', { name: 'Generate summary' }).click();
  await expect(
    scribe.getByText('The AI declined to summarise this visit; write the note yourself.'),
  ).toBeVisible();
  await expect(scribe.getByRole('textbox')).toHaveCount(0);
  await shot(doctor, 'scribe-refused');

  await aiGateway('down');
  await scribe.getByRole('button', { name: 'Generate summary' }).click();
  await expect(scribe.getByText('The AI service is not available right now.')).toBeVisible();
  await expect(scribe.getByRole('textbox')).toHaveCount(0);
  // The visit is untouched: still under way, the call still open.
  await expect(doctor.getByText('In progress', { exact: true }).first()).toBeVisible();
  await expect(doctor.locator('.vc-video iframe')).toBeVisible();
  await shot(doctor, 'scribe-gateway-down');

  await aiGateway('ok');
  expect((await chart.all('DocumentReference')).length, 'nothing charted').toBe(notesBefore);
});

test('a declined draft saves nothing; an edited draft, accepted, is in the chart with its provenance', async () => {
  const doctor = visit.doctor;
  const scribe = doctor.getByRole('region', { name: 'AI scribe' });
  const notesBefore = (await chart.all('DocumentReference')).length;

  await scribe.getByRole('button', { name: 'Generate summary' }).click();
  const draft = scribe.getByRole('textbox', { name: /^AI draft by / });
  await expect(draft).toHaveValue(/^Subjective: The patient said/);
  await scribe.getByRole('button', { name: 'Decline' }).click();
  await expect(scribe.getByText('Draft declined: nothing was saved.')).toBeVisible();
  await expect(draft).toHaveCount(0);
  expect((await chart.all('DocumentReference')).length, 'a decline charts nothing').toBe(
    notesBefore,
  );

  await scribe.getByRole('button', { name: 'Generate summary' }).click();
  await expect(draft).toHaveValue(/^Subjective: The patient said/);
  const edited = `${await draft.inputValue()}\nPlan: Review in two weeks; paracetamol if the headache returns.`;
  await draft.fill(edited);
  await expectAccessible(doctor, 'the AI draft under review');
  await shot(doctor, 'scribe-draft');
  await scribe.getByRole('button', { name: 'Accept and add to the chart' }).click();

  await expect(scribe.getByText('Visit note added to the chart')).toBeVisible();
  await expect(doctor.getByTestId('scribe-note')).toHaveText(edited);
  await expect(doctor.getByTestId('scribe-provenance')).toHaveText(
    /^AI-generated with \S+, accepted by .+ at .+, edited\.$/,
  );
  const reference = await scribe.locator('code', { hasText: 'DocumentReference/' }).textContent();
  const noteId = (reference ?? '').replace('DocumentReference/', '');
  await shot(doctor, 'scribe-note-accepted');

  // In the chart: the text as edited, marked as AI-made (AIAST), accepted and edited; its Provenance names the
  // model as the author and the clinician as the verifier.
  const note = await chart.read('DocumentReference', noteId);
  expect(note, `DocumentReference/${noteId} in the chart`).not.toBeNull();
  const content = (note?.content as Array<{ attachment: { data: string } }>)[0];
  expect(Buffer.from(content?.attachment.data ?? '', 'base64').toString('utf8')).toBe(edited);
  expect(note?.meta).toMatchObject({ security: [{ code: 'AIAST' }] });
  expect(aiProvenance(note!)).toMatchObject({
    aiGenerated: true,
    aiModel: expect.any(String),
    aiAcceptedBy: expect.any(String),
    aiAcceptedAt: expect.any(String),
    aiEdited: true,
  });
  const provenance = (await chart.all('Provenance')).find((p) =>
    (p.target as Array<{ reference: string }>).some(
      (t) => t.reference === `DocumentReference/${noteId}`,
    ),
  );
  expect(provenance, 'a Provenance for the note').toBeDefined();
  expect(provenance?.agent).toMatchObject([
    { type: { coding: [{ code: 'author' }] }, who: { type: 'Device' } },
    { type: { coding: [{ code: 'verifier' }] } },
  ]);
  expect((await chart.all('DocumentReference')).length).toBe(notesBefore + 1);
});

test('after the call: the ended visit keeps its transcript, and a summary is written and accepted there', async () => {
  const doctor = visit.doctor;
  await doctor.getByRole('button', { name: 'End visit' }).click();
  await doctor.getByRole('dialog').getByRole('button', { name: 'End visit' }).click();
  await expect(doctor.getByText('Visit ended', { exact: true })).toBeVisible({ timeout: 15_000 });
  await doctor.reload();

  const scribe = doctor.getByRole('region', { name: 'AI scribe' });
  await expect(scribe.getByRole('button', { name: 'Start transcription' })).toHaveCount(0);
  await expect(doctor.getByTestId('scribe-transcript').getByRole('listitem').first()).toHaveText(
    STAND_IN_PHRASE,
  );
  await scribe.getByRole('button', { name: 'Generate summary' }).click();
  const draft = scribe.getByRole('textbox', { name: /^AI draft by / });
  await expect(draft).toHaveValue(/^Subjective: The patient said/);
  const text = await draft.inputValue();
  await scribe.getByRole('button', { name: 'Accept and add to the chart' }).click();
  await expect(doctor.getByTestId('scribe-provenance')).toHaveText(/, not edited\.$/);
  await expectAccessible(doctor, 'the ended visit with its accepted note');
  await shot(doctor, 'scribe-ended-visit');

  const reference = await scribe.locator('code', { hasText: 'DocumentReference/' }).textContent();
  const note = await chart.read(
    'DocumentReference',
    (reference ?? '').replace('DocumentReference/', ''),
  );
  const content = (note?.content as Array<{ attachment: { data: string } }> | undefined)?.[0];
  expect(Buffer.from(content?.attachment.data ?? '', 'base64').toString('utf8')).toBe(text);
  expect(aiProvenance(note!)).toMatchObject({ aiGenerated: true, aiEdited: false });
});
