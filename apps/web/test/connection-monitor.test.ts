import { describe, expect, it } from 'vitest';
import {
  ConnectionMonitor,
  qualityOfEstimate,
  qualityOfWindow,
  type ConnectionView,
} from '../src/components/fallback/connection-monitor';

/** A call driven second by second: a heartbeat every 2 s (the call's poll), the page's 1-s evaluation between. */
function call() {
  let now = 0;
  const monitor = new ConnectionMonitor({ now: () => now });
  monitor.setActive(true);
  const views: { at: number; view: ConnectionView }[] = [];
  /** Runs `seconds` of heartbeats whose outcome `beat(t)` gives (ms, or null for a lost one). */
  const run = (seconds: number, beat: (t: number) => number | null) => {
    for (let i = 0; i < seconds; i += 1) {
      now += 1_000;
      const t = now / 1_000;
      let view: ConnectionView;
      if (t % 2 === 0) {
        const ms = beat(t);
        view = ms === null ? monitor.loss() : monitor.roundTrip(ms);
      } else view = monitor.evaluate();
      views.push({ at: t, view });
    }
    return monitor.current();
  };
  /** The first second (since the start) at which the view matched. */
  const firstAt = (match: (view: ConnectionView) => boolean) =>
    views.find((v) => match(v.view))?.at ?? null;
  return { monitor, run, firstAt, time: () => now / 1_000 };
}

const GOOD = () => 150;
const POOR = () => 1_300;

describe('the connection monitor (US-008, decision 0022)', () => {
  it('grades a window by loss and median round trip, with BigBlueButton’s levels', () => {
    const beats = (...ms: (number | null)[]) => ms.map((roundTripMs, at) => ({ at, roundTripMs }));
    expect(qualityOfWindow([])).toBe('unknown');
    expect(qualityOfWindow(beats(120, 200, 3_000))).toBe('good'); // one slow answer is not the median
    expect(qualityOfWindow(beats(600, 700, 100))).toBe('fair');
    expect(qualityOfWindow(beats(1_100, 1_500, 1_200))).toBe('poor');
    expect(qualityOfWindow(beats(2_500, 2_100, 200))).toBe('bad');
    expect(qualityOfWindow(beats(100, null, 100, 100, 100))).toBe('bad'); // 20 % lost
    expect(qualityOfWindow(beats(null, null))).toBe('bad');
    expect(qualityOfEstimate({ effectiveType: '2g' })).toBe('poor');
    expect(qualityOfEstimate({ effectiveType: 'slow-2g' })).toBe('bad');
    expect(qualityOfEstimate({ effectiveType: '4g', rtt: 50 })).toBe('good');
    expect(qualityOfEstimate({ effectiveType: '4g', rtt: 1_100 })).toBe('poor');
    expect(qualityOfEstimate(undefined)).toBe('unknown');
  });

  it('a steady good connection never offers anything', () => {
    const c = call();
    const view = c.run(300, GOOD);
    expect(view).toMatchObject({
      quality: 'good',
      profile: 'video',
      offer: null,
      unreported: null,
    });
    expect(c.firstAt((v) => v.offer !== null)).toBeNull();
  });

  it('a brief spike (one lost heartbeat, one slow one) offers nothing', () => {
    const c = call();
    c.run(30, GOOD);
    c.run(8, (t) => (t === 34 ? null : t === 36 ? 2_500 : 150));
    const view = c.run(60, GOOD);
    expect(view).toMatchObject({ profile: 'video', offer: null });
    expect(c.firstAt((v) => v.offer !== null || v.profile !== 'video')).toBeNull();
  });

  it('sustained poor: audio only is offered after 10 s, and taken by itself 10 s later', () => {
    const c = call();
    c.run(20, GOOD);
    c.run(40, POOR);
    // The window turns poor once most of its heartbeats are slow (the third slow one, at 26 s).
    expect(c.firstAt((v) => v.quality === 'poor')).toBe(26);
    expect(c.firstAt((v) => v.offer === 'audio_only')).toBe(36);
    expect(c.firstAt((v) => v.profile === 'audio_only')).toBe(46);
    expect(c.monitor.current()).toMatchObject({
      profile: 'audio_only',
      reason: 'measured',
      offer: null,
      unreported: 'audio_only',
    });
    c.monitor.reported('audio_only');
    expect(c.monitor.current().unreported).toBeNull();
  });

  it('a connection gone bad is offered audio only after 10 s and switched 5 s later, nobody answering', () => {
    const c = call();
    c.run(10, GOOD);
    c.run(20, () => null);
    expect(c.firstAt((v) => v.quality === 'bad')).toBe(12);
    expect(c.firstAt((v) => v.offer === 'audio_only')).toBe(22);
    expect(c.firstAt((v) => v.profile === 'audio_only')).toBe(27);
  });

  it('recovery: video is offered back only after 60 s of good connection, and never switched back by itself', () => {
    const c = call();
    c.run(10, GOOD);
    c.run(30, POOR); // audio only from 32 s
    expect(c.monitor.current().profile).toBe('audio_only');
    const recovered = c.time();
    c.run(58, GOOD);
    expect(c.monitor.current()).toMatchObject({ quality: 'good', offer: null });
    c.run(300, GOOD);
    // Good from the first quick heartbeat's window (the slow ones age out after 10 s), then 60 s more.
    const offeredAt = c.firstAt((v) => v.offer === 'video');
    expect(offeredAt).not.toBeNull();
    expect(offeredAt! - recovered).toBeGreaterThanOrEqual(60);
    expect(offeredAt! - recovered).toBeLessThanOrEqual(72);
    expect(c.monitor.current().profile).toBe('audio_only');
    // One tap takes it.
    expect(c.monitor.choose('video')).toMatchObject({
      profile: 'video',
      reason: 'chosen',
      offer: null,
      unreported: 'video',
    });
  });

  it('“Keep video” holds for the cooldown, then the offer comes back while the connection stays poor', () => {
    const c = call();
    c.run(20, POOR); // offered at 12 s
    expect(c.monitor.current().offer).toBe('audio_only');
    c.monitor.decline();
    c.run(58, POOR);
    expect(c.monitor.current()).toMatchObject({ profile: 'video', offer: null });
    c.run(4, POOR);
    expect(c.monitor.current().offer).toBe('audio_only');
  });

  it('turning video back on by hand on a weak connection is not undone for the cooldown', () => {
    const c = call();
    c.run(30, () => null); // offered at 12 s, switched to audio only at 17 s
    expect(c.monitor.current().profile).toBe('audio_only');
    c.monitor.choose('video');
    c.run(58, () => null);
    expect(c.monitor.current()).toMatchObject({ profile: 'video', offer: null });
    c.run(4, () => null); // the cooldown over: offered again first ...
    expect(c.monitor.current()).toMatchObject({ profile: 'video', offer: 'audio_only' });
    c.run(6, () => null); // ... then switched, nobody answering
    expect(c.monitor.current()).toMatchObject({ profile: 'audio_only', reason: 'measured' });
  });

  it('follows the other side, but not over its own change still on its way to the server', () => {
    const c = call();
    c.run(10, GOOD);
    expect(c.monitor.follow('audio_only')).toMatchObject({
      profile: 'audio_only',
      reason: 'other_side',
      unreported: null,
    });
    // This side's connection is fine, but it cannot judge the other's: no offer to go back.
    c.run(200, GOOD);
    expect(c.monitor.current().offer).toBeNull();
    c.monitor.choose('video');
    expect(c.monitor.follow('audio_only').profile).toBe('video'); // an answer from before our report
    c.monitor.reported('video');
    expect(c.monitor.follow('audio_only').profile).toBe('audio_only');
  });

  it('decides nothing outside the call: weak minutes in the waiting room do not switch the call', () => {
    const c = call();
    c.monitor.setActive(false);
    c.run(60, POOR);
    expect(c.monitor.current()).toMatchObject({ quality: 'poor', profile: 'video', offer: null });
    c.monitor.setActive(true);
    c.run(8, POOR);
    expect(c.monitor.current().offer).toBeNull();
    c.run(4, POOR);
    expect(c.monitor.current().offer).toBe('audio_only');
  });
});
