import { describe, expect, it } from 'vitest';
import {
  implausibleInstantReason,
  latestPlausibleInstant,
} from '../src/values/plausible-instant.value';

const now = new Date('2026-12-07T10:00:00Z');

describe('the plausible window of a date a client sends', () => {
  it('takes dates from 2000 to two years ahead, and nothing outside', () => {
    expect(implausibleInstantReason(new Date('2026-12-08T09:00:00Z'), now)).toBeNull();
    expect(implausibleInstantReason(new Date('2000-01-01T00:00:00Z'), now)).toBeNull();
    expect(implausibleInstantReason(latestPlausibleInstant(now), now)).toBeNull();
    expect(implausibleInstantReason(new Date('1999-12-31T23:59:59Z'), now)).toBe(
      'must not be before 2000',
    );
    expect(implausibleInstantReason(new Date('2028-12-07T10:00:01Z'), now)).toBe(
      'must not be more than 2 years ahead',
    );
    expect(implausibleInstantReason(new Date('9999-12-31T00:00:00Z'), now)).not.toBeNull();
    expect(implausibleInstantReason(new Date('not a date'), now)).toBe('must be a date-time');
  });
});
