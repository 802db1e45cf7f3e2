import { describe, expect, it } from 'vitest';
import type { BandwidthChange } from '../src/records/virtual-session.record';
import type { BandwidthProfile } from '../src/values/bandwidth-profile.value';
import { modalityBreakdown } from '../src/values/modality-durations.value';

const START = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(START.getTime() + seconds * 1000);
const change = (
  from: BandwidthProfile,
  to: BandwidthProfile,
  seconds: number,
): Pick<BandwidthChange, 'from' | 'to' | 'changedAt'> => ({ from, to, changedAt: at(seconds) });

describe('modalityBreakdown (US-008: the Encounter and billing carry each modality and how long it lasted)', () => {
  it('a visit that never changed is all video', () => {
    expect(modalityBreakdown(START, at(600), [])).toEqual({
      modalities: [{ profile: 'video', seconds: 600 }],
      lowestProfile: 'video',
    });
  });

  it('video then audio only then messaging: seconds per profile, in tier order', () => {
    const changes = [change('audio_only', 'async_text', 500), change('video', 'audio_only', 120)];
    expect(modalityBreakdown(START, at(900), changes)).toEqual({
      modalities: [
        { profile: 'video', seconds: 120 },
        { profile: 'audio_only', seconds: 380 },
        { profile: 'async_text', seconds: 400 },
      ],
      lowestProfile: 'async_text',
    });
  });

  it('audio only and back to video (decision 0022): each stretch counts on its own profile', () => {
    const changes = [
      change('video', 'audio_only', 100),
      change('audio_only', 'video', 250),
      change('video', 'audio_only', 700),
    ];
    expect(modalityBreakdown(START, at(1000), changes)).toEqual({
      modalities: [
        { profile: 'video', seconds: 550 },
        { profile: 'audio_only', seconds: 450 },
      ],
      lowestProfile: 'audio_only',
    });
  });

  it('a change before the start counts from the start: the visit ran all on audio only', () => {
    const changes = [change('video', 'audio_only', -30)];
    expect(modalityBreakdown(START, at(300), changes)).toEqual({
      modalities: [{ profile: 'audio_only', seconds: 300 }],
      lowestProfile: 'audio_only',
    });
  });

  it('a change after the end counts for nothing, and lowestProfile is what the visit ran on', () => {
    const changes = [change('video', 'audio_only', 400)];
    expect(modalityBreakdown(START, at(300), changes)).toEqual({
      modalities: [{ profile: 'video', seconds: 300 }],
      lowestProfile: 'video',
    });
  });

  it('profiles that lasted 0 s are left out', () => {
    const changes = [change('video', 'audio_only', 0), change('audio_only', 'async_text', 0)];
    expect(modalityBreakdown(START, at(60), changes).modalities).toEqual([
      { profile: 'async_text', seconds: 60 },
    ]);
  });

  it('an end before the start clamps to nothing (never negative seconds)', () => {
    expect(modalityBreakdown(at(60), START, [change('video', 'audio_only', 30)])).toEqual({
      modalities: [],
      lowestProfile: 'audio_only',
    });
  });

  it('a visit without actual start or end has no modalities', () => {
    expect(modalityBreakdown(null, null, [])).toEqual({ modalities: [], lowestProfile: 'video' });
    expect(modalityBreakdown(START, null, [])).toEqual({ modalities: [], lowestProfile: 'video' });
  });

  it('seconds are rounded per profile', () => {
    const changes = [change('video', 'audio_only', 90.4)];
    const { modalities } = modalityBreakdown(START, at(180), changes);
    expect(modalities).toEqual([
      { profile: 'video', seconds: 90 },
      { profile: 'audio_only', seconds: 90 },
    ]);
  });
});
