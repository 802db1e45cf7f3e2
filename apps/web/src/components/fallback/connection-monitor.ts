/**
 * Watches a visit's connection and decides when the call should move to audio only and when it may offer
 * video again (US-008). Pure: no React, no timers, no fetch; time comes from the injected clock, so a test
 * drives it second by second. The pages feed it samples (a heartbeat's round trip or its loss,
 * `navigator.connection`'s estimate, the call's own failure events) and call `evaluate()` now and then.
 *
 * Thresholds, per sliding window (docs/decisions/0022-the-profile-follows-the-connection.md): BigBlueButton's
 * connection-status levels (loss 5 / 10 / 20 %, RTT 0.5 / 1 / 2 s: warning / danger / critical), which sit
 * next to lib-jitsi-meet's ConnectionQuality (full quality up to 2 % loss, capped at "non-optimal" from 10 %).
 *
 * | quality | loss in window | median round trip | what it does                                   |
 * | ------- | -------------- | ----------------- | ---------------------------------------------- |
 * | good    | < 5 %          | < 0.5 s           | counts toward going back to video              |
 * | fair    | 5–10 %         | 0.5–1 s           | the hysteresis band: neither way               |
 * | poor    | 10–20 %        | 1–2 s             | 10 s of it: offer audio only; 10 s more: switch |
 * | bad     | ≥ 20 %         | ≥ 2 s             | 10 s of it: offer audio only; 5 s more: switch  |
 *
 * Going back is never automatic: after 60 s of good (Amazon Chime's cooldown) it is only offered. A person's
 * own choice (or the session changed by the other side) holds against automatic changes for the cooldown.
 */

export type ConnectionQuality = 'unknown' | 'good' | 'fair' | 'poor' | 'bad';
/** The call's profile as this page runs it (messaging is another view, not the call's business). */
export type CallProfile = 'video' | 'audio_only';
/** What a page's heartbeats feed the monitor (the join page's poll hands them to the call's monitor). */
export type CallSamples = Pick<ConnectionMonitor, 'roundTrip' | 'loss' | 'follow'>;
/** What the banner asks: move to audio only, or back to video. */
export type FallbackOffer = 'audio_only' | 'video' | null;
/** Why the call is on audio only: this page's own measurement, a tap here, or the other side. */
export type ProfileReason = 'measured' | 'chosen' | 'other_side';

export interface ConnectionView {
  quality: ConnectionQuality;
  profile: CallProfile;
  reason: ProfileReason;
  offer: FallbackOffer;
  /** A profile this page chose that the server has not confirmed yet (report it, then call `reported`). */
  unreported: CallProfile | null;
}

export interface ConnectionMonitorOptions {
  /** Milliseconds since any fixed point (Date.now, performance.now, a test's clock). */
  now: () => number;
  windowMs?: number;
  sustainMs?: number;
  cooldownMs?: number;
}

/** `navigator.connection`'s coarse estimate (Network Information API), where the browser has it. */
export interface BrowserEstimate {
  effectiveType?: unknown;
  rtt?: unknown;
}

const LOSS = { fair: 0.05, poor: 0.1, bad: 0.2 } as const;
const RTT_MS = { fair: 500, poor: 1_000, bad: 2_000 } as const;
const RANK: Record<ConnectionQuality, number> = { unknown: 0, good: 1, fair: 2, poor: 3, bad: 4 };

/** One heartbeat: when it ended and its round trip (null: lost or timed out). */
export interface HeartbeatSample {
  at: number;
  roundTripMs: number | null;
}

export class ConnectionMonitor {
  private readonly now: () => number;
  private readonly windowMs: number;
  private readonly sustainMs: number;
  private readonly cooldownMs: number;
  private samples: HeartbeatSample[] = [];
  private estimate: ConnectionQuality = 'unknown';
  private active = false;
  private view: ConnectionView = {
    quality: 'unknown',
    profile: 'video',
    reason: 'measured',
    offer: null,
    unreported: null,
  };
  /** Since when the quality has been poor-or-worse, bad, and good without a break (null: not now). */
  private poorSince: number | null = null;
  private badSince: number | null = null;
  private goodSince: number | null = null;
  private offeredAt: number | null = null;
  /** The last choice a person made (or the other side's change): automatic changes wait the cooldown. */
  private choiceAt: number | null = null;

  constructor(options: ConnectionMonitorOptions) {
    this.now = options.now;
    this.windowMs = options.windowMs ?? 10_000;
    this.sustainMs = options.sustainMs ?? 10_000;
    this.cooldownMs = options.cooldownMs ?? 60_000;
  }

  /** A heartbeat came back after `ms`. */
  roundTrip(ms: number): ConnectionView {
    this.samples.push({ at: this.now(), roundTripMs: Math.max(0, ms) });
    return this.evaluate();
  }

  /** A heartbeat failed or timed out; or the call itself lost its media connection. */
  loss(): ConnectionView {
    this.samples.push({ at: this.now(), roundTripMs: null });
    return this.evaluate();
  }

  /** The browser's estimate changed (`navigator.connection`'s `change` event). */
  browserEstimate(estimate: BrowserEstimate | undefined): ConnectionView {
    this.estimate = qualityOfEstimate(estimate);
    return this.evaluate();
  }

  /** Decisions only while the call is open: a waiting room's weak minutes do not switch the call that follows. */
  setActive(active: boolean): ConnectionView {
    if (active !== this.active) {
      this.active = active;
      this.resetStreaks();
      this.offeredAt = null;
      this.view = { ...this.view, offer: null };
    }
    return this.evaluate();
  }

  /** A tap: switch to audio only, or turn video back on. Holds against automatic changes for the cooldown. */
  choose(profile: CallProfile): ConnectionView {
    this.choiceAt = this.now();
    this.offeredAt = null;
    this.set({ profile, reason: 'chosen', offer: null, unreported: profile });
    return this.evaluate();
  }

  /** "Keep video" / "Stay on audio only": the offer goes, and is not made again for the cooldown. */
  decline(): ConnectionView {
    this.choiceAt = this.now();
    this.offeredAt = null;
    this.set({ offer: null });
    return this.evaluate();
  }

  /** The session's profile as the server tells it: the other side may have changed it. */
  follow(profile: CallProfile): ConnectionView {
    // Our own change is on its way to the server: an answer from before it must not undo it.
    if (this.view.unreported !== null || profile === this.view.profile) return this.view;
    this.choiceAt = this.now();
    this.offeredAt = null;
    this.set({ profile, reason: 'other_side', offer: null });
    return this.evaluate();
  }

  /** The server now holds `profile` (the report of our change succeeded). */
  reported(profile: CallProfile): ConnectionView {
    if (this.view.unreported === profile) this.set({ unreported: null });
    return this.view;
  }

  current(): ConnectionView {
    return this.view;
  }

  /** Recomputes the quality over the window and applies the rules; cheap enough to call every second. */
  evaluate(): ConnectionView {
    const now = this.now();
    this.samples = this.samples.filter((s) => now - s.at < this.windowMs);
    const quality = worse(qualityOfWindow(this.samples), this.estimate);
    this.track(quality, now);
    this.set({ quality });
    if (this.active) this.decide(now);
    return this.view;
  }

  private decide(now: number): void {
    const { profile, offer } = this.view;
    const chosenLately = this.choiceAt !== null && now - this.choiceAt < this.cooldownMs;
    if (profile === 'video') {
      if (chosenLately) return;
      const badFor = this.badSince === null ? 0 : now - this.badSince;
      const poorFor = this.poorSince === null ? 0 : now - this.poorSince;
      const offeredFor = this.offeredAt === null ? 0 : now - this.offeredAt;
      // Always offered first, so nobody loses their picture without a word; on a bad link the offer stands half as long.
      const half = this.sustainMs / 2;
      if (
        offer === 'audio_only' &&
        this.poorSince !== null &&
        (offeredFor >= this.sustainMs || (badFor >= this.sustainMs && offeredFor >= half))
      ) {
        this.offeredAt = null;
        this.set({
          profile: 'audio_only',
          reason: 'measured',
          offer: null,
          unreported: 'audio_only',
        });
      } else if (offer === null && poorFor >= this.sustainMs) {
        this.offeredAt = now;
        this.set({ offer: 'audio_only' });
      } else if (offer === 'audio_only' && this.goodSince !== null) {
        this.offeredAt = null;
        this.set({ offer: null });
      }
      return;
    }
    // Audio only: back to video is only ever offered, after a whole cooldown of good connection; not when the
    // other side moved the call (their connection is the one that failed, and this page cannot measure it).
    const goodFor = this.goodSince === null ? 0 : now - this.goodSince;
    const ours = this.view.reason !== 'other_side';
    if (offer === null && ours && !chosenLately && goodFor >= this.cooldownMs)
      this.set({ offer: 'video' });
    else if (offer === 'video' && this.goodSince === null) this.set({ offer: null });
  }

  private track(quality: ConnectionQuality, now: number): void {
    const poor = RANK[quality] >= RANK.poor;
    this.poorSince = poor ? (this.poorSince ?? now) : null;
    this.badSince = quality === 'bad' ? (this.badSince ?? now) : null;
    this.goodSince = quality === 'good' ? (this.goodSince ?? now) : null;
  }

  private resetStreaks(): void {
    this.poorSince = null;
    this.badSince = null;
    this.goodSince = null;
  }

  /** A new view object only when something changed, so a page re-renders only then. */
  private set(change: Partial<ConnectionView>): void {
    const keys = Object.keys(change) as (keyof ConnectionView)[];
    if (keys.some((key) => change[key] !== this.view[key])) this.view = { ...this.view, ...change };
  }
}

/** Loss share and median round trip of the window's heartbeats, against the table above. */
export function qualityOfWindow(samples: readonly HeartbeatSample[]): ConnectionQuality {
  if (samples.length === 0) return 'unknown';
  const trips = samples
    .map((s) => s.roundTripMs)
    .filter((ms): ms is number => ms !== null)
    .sort((a, b) => a - b);
  const loss = (samples.length - trips.length) / samples.length;
  const median =
    trips.length === 0 ? Infinity : (trips[Math.floor((trips.length - 1) / 2)] ?? Infinity);
  return worse(level(loss, LOSS), level(median, RTT_MS));
}

/** `effectiveType` (slow-2g / 2g / 3g / 4g) and `rtt` (ms), the browser's rolling estimate. */
export function qualityOfEstimate(estimate: BrowserEstimate | undefined): ConnectionQuality {
  if (!estimate) return 'unknown';
  const byType =
    estimate.effectiveType === 'slow-2g'
      ? 'bad'
      : estimate.effectiveType === '2g'
        ? 'poor'
        : 'unknown';
  const byRtt =
    typeof estimate.rtt === 'number' && estimate.rtt > 0 ? level(estimate.rtt, RTT_MS) : 'unknown';
  return worse(byType, byRtt);
}

function level(
  value: number,
  limits: { fair: number; poor: number; bad: number },
): ConnectionQuality {
  if (value >= limits.bad) return 'bad';
  if (value >= limits.poor) return 'poor';
  if (value >= limits.fair) return 'fair';
  return 'good';
}

function worse(a: ConnectionQuality, b: ConnectionQuality): ConnectionQuality {
  return RANK[a] >= RANK[b] ? a : b;
}
