import { describe, expect, it } from 'vitest';
import {
  median,
  qualityFromEffectiveType,
  qualityFromRoundTrips,
  refusalOutcome,
  worseConnection,
} from '../src/app/join/device-report';
import { readWaitingInfo } from '../src/app/join/waiting-info';
import { fieldErrorMessage } from '../src/components/admin/field-errors';

describe('the device check report', () => {
  it('maps getUserMedia refusals', () => {
    expect(refusalOutcome('NotAllowedError')).toBe('blocked');
    expect(refusalOutcome('SecurityError')).toBe('blocked');
    expect(refusalOutcome('NotFoundError')).toBe('missing');
    expect(refusalOutcome('NotReadableError')).toBe('missing');
    expect(refusalOutcome('OverconstrainedError')).toBe('missing');
  });
  it('reads the browser’s connection estimate', () => {
    expect(qualityFromEffectiveType('4g')).toBe('good');
    expect(qualityFromEffectiveType('3g')).toBe('fair');
    expect(qualityFromEffectiveType('2g')).toBe('poor');
    expect(qualityFromEffectiveType('slow-2g')).toBe('poor');
    expect(qualityFromEffectiveType(undefined)).toBeNull();
  });
  it('grades the median round trip; any failure is poor', () => {
    expect(median([900, 100, 200])).toBe(200);
    expect(median([100, 300])).toBe(200);
    expect(qualityFromRoundTrips([120, 2_000, 90], 0)).toBe('good');
    expect(qualityFromRoundTrips([400, 500, 900], 0)).toBe('fair');
    expect(qualityFromRoundTrips([1_200, 1_500, 999], 0)).toBe('poor');
    expect(qualityFromRoundTrips([50, 60], 1)).toBe('poor');
    expect(qualityFromRoundTrips([], 0)).toBeNull();
  });
  it('takes the worse of the two, unknown when neither is known', () => {
    expect(worseConnection('good', 'fair')).toBe('fair');
    expect(worseConnection('poor', 'good')).toBe('poor');
    expect(worseConnection(null, 'fair')).toBe('fair');
    expect(worseConnection('good', null)).toBe('good');
    expect(worseConnection(null, null)).toBe('unknown');
  });
});

describe('the waiting room’s server data', () => {
  it('degrades to nothing when the fields are absent or odd', () => {
    expect(readWaitingInfo({})).toEqual({ runningLateMinutes: null, queue: null });
    expect(readWaitingInfo(null)).toEqual({ runningLateMinutes: null, queue: null });
    expect(readWaitingInfo({ runningLateMinutes: 'soon', queue: { ahead: -1 } })).toEqual({
      runningLateMinutes: null,
      queue: null,
    });
    expect(readWaitingInfo({ runningLateMinutes: 0, queue: null })).toEqual({
      runningLateMinutes: null,
      queue: null,
    });
  });
  it('reads lateness and the place in the queue', () => {
    expect(
      readWaitingInfo({ runningLateMinutes: 10, queue: { ahead: 2, clinicianBusy: true } }),
    ).toEqual({ runningLateMinutes: 10, queue: { ahead: 2, clinicianBusy: true } });
    expect(readWaitingInfo({ queue: { ahead: 0 } })).toEqual({
      runningLateMinutes: null,
      queue: { ahead: 0, clinicianBusy: false },
    });
  });
});

describe('the settings form’s field messages', () => {
  it('turns the server’s rules into the plain-words message of each field', () => {
    expect(fieldErrorMessage('maxParticipants', 'must be between 2 and 20')).toEqual({
      key: 'maxParticipants',
      values: { min: 2, max: 20 },
    });
    expect(fieldErrorMessage('brandingLogoUrl', 'host is not on the allowlist').key).toBe(
      'brandingLogoHost',
    );
    expect(fieldErrorMessage('brandingLogoUrl', 'must be an https URL').key).toBe(
      'brandingLogoUrl',
    );
    expect(fieldErrorMessage('jitsiServerUrl', 'must be an https URL').key).toBe('jitsiServerUrl');
    expect(
      fieldErrorMessage('zoomApiKey', 'Too big: expected string to have <=512 characters').key,
    ).toBe('invalid');
  });
});
