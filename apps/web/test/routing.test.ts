import { describe, expect, it } from 'vitest';
import { safeCallbackUrl } from '../src/server/safe-callback-url';
import { clientAddressFrom } from '../src/server/client-address';

describe('safeCallbackUrl', () => {
  it('keeps same-site paths and refuses other origins', () => {
    expect(safeCallbackUrl('/clinician?x=1')).toBe('/clinician?x=1');
    expect(safeCallbackUrl('https://evil.example/')).toBe('/');
    expect(safeCallbackUrl('//evil.example')).toBe('/');
    expect(safeCallbackUrl('/\\evil.example')).toBe('/');
    expect(safeCallbackUrl(null)).toBe('/');
  });
});

describe('clientAddressFrom', () => {
  it('takes the first forwarded hop, then x-real-ip', () => {
    const h = (map: Record<string, string>) => (name: string) => map[name];
    expect(clientAddressFrom(h({ 'x-forwarded-for': '203.0.113.1, 10.0.0.1' }))).toBe(
      '203.0.113.1',
    );
    expect(clientAddressFrom(h({ 'x-real-ip': '203.0.113.2' }))).toBe('203.0.113.2');
    expect(clientAddressFrom(h({}))).toBe('unknown');
  });
});
