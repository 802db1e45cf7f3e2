import type { Clock } from '../../src/ports/clock.port';

export class FakeClock implements Clock {
  constructor(private current = new Date('2026-05-01T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}
