import { expect, test, type Page } from '@playwright/test';
import { clinicianContext } from '../e2e/support/languages';
import { FAKE_MEDIA } from '../e2e/support/pages';
import { demoToken } from '../e2e/support/product';
import { visitUnderWay } from '../e2e/support/visit';
import { percentile } from './support/percentile';

/**
 * Time to fallback (US-008), not a test: from the moment the patient's link is cut (Chromium's network
 * emulation, offline) to the messaging thread shown on each side, over FALLBACK_RUNS visits, printed as p50 / p99
 * next to the tenant's grace window (goal: grace + at most 2 s). The tenant's grace is set for the run
 * (FALLBACK_GRACE_SECONDS); the worker's heartbeat timeout must not exceed it (scripts/bench-fallback.mjs).
 */

test.use({ launchOptions: FAKE_MEDIA });

const RUNS = Number(process.env.FALLBACK_RUNS ?? 20);
const GRACE_SECONDS = Number(process.env.FALLBACK_GRACE_SECONDS ?? 10);
const API = '/api/v1/virtual-care';

async function setGrace(page: Page, seconds: number) {
  const headers = { authorization: `Bearer ${demoToken('admin@demo.virtual-care.local')}` };
  const current = await page.request.get(`${API}/config`, { headers });
  expect(current.status(), await current.text()).toBe(200);
  const { version } = (await current.json()) as { version: number };
  const saved = await page.request.put(`${API}/config`, {
    headers,
    data: { expectedVersion: version, graceReconnectSeconds: seconds },
  });
  expect(saved.status(), await saved.text()).toBe(200);
}

test('time from the patient losing the link to the thread on both sides', async ({ browser }) => {
  test.setTimeout(RUNS * (GRACE_SECONDS + 60) * 1000);
  const clinician = await clinicianContext(browser);
  await setGrace(clinician.page, GRACE_SECONDS);
  const patientSide: number[] = [];
  const clinicianSide: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const visit = await visitUnderWay(browser, { clinician });
    // Let the page settle into its call rhythm before the cut.
    await visit.me.waitForTimeout(3_000);
    await visit.network.offline();
    const lostAt = Date.now();
    const shown = (page: Page) =>
      page
        .getByRole('log', { name: 'Messages' })
        .waitFor({ timeout: (GRACE_SECONDS + 60) * 1000 })
        .then(() => (Date.now() - lostAt) / 1000);
    const [patient, doctor] = await Promise.all([shown(visit.me), shown(visit.doctor)]);
    patientSide.push(patient);
    clinicianSide.push(doctor);
    console.log(
      `[bench] run ${run + 1}/${RUNS}: patient ${patient.toFixed(2)} s, clinician ${doctor.toFixed(2)} s`,
    );
    await visit.network.restore();
    await visit.close();
  }
  // The window counts from the patient's last heartbeat, up to one poll (2 s) before the cut: below grace is normal.
  const versusGrace = (seconds: number) => {
    const delta = seconds - GRACE_SECONDS;
    return `grace ${delta < 0 ? '-' : '+'} ${Math.abs(delta).toFixed(2)} s`;
  };
  const report = (label: string, values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    console.log(
      `[bench] ${label.padEnd(10)} p50 ${p50.toFixed(2)} s (${versusGrace(p50)}), p99 ${p99.toFixed(2)} s (${versusGrace(p99)})`,
    );
  };
  console.log(`[bench] time to fallback over ${RUNS} runs, tenant grace ${GRACE_SECONDS} s:`);
  report('patient', patientSide);
  report('clinician', clinicianSide);
  await setGrace(clinician.page, 60);
  await clinician.context.close();
});
