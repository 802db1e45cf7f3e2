import { describe, expect, it } from 'vitest';
import {
  addressRefusal,
  guardedLookup,
  literalHostRefusal,
  ForbiddenDestinationError,
} from '../../src/adapters/outbound-address';

describe('which addresses a tenant setting may make this service call', () => {
  it('public addresses pass, in both families and in the IPv4-mapped form', () => {
    for (const address of ['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect([address, addressRefusal(address)]).toEqual([address, null]);
  });

  it('loopback passes only when allowed; every other non-public range never does', () => {
    expect(addressRefusal('127.0.0.1', true)).toBeNull();
    expect(addressRefusal('::1', true)).toBeNull();
    expect(addressRefusal('127.0.0.1')).not.toBeNull();
    for (const address of ['10.1.2.3', '169.254.169.254', '0.0.0.0', '::', 'fe80::1', 'fc00::1'])
      expect([address, addressRefusal(address, true)]).not.toEqual([address, null]);
  });

  it('a URL host is checked as a literal when it is one, and left to the lookup when it is a name', () => {
    expect(literalHostRefusal(new URL('https://0x7f.1/').hostname)).not.toBeNull();
    expect(literalHostRefusal(new URL('https://[::ffff:a9fe:a9fe]/').hostname)).not.toBeNull();
    expect(literalHostRefusal('meet.example.org')).toBeNull();
  });

  it('the lookup refuses a name with any non-public address, and hands on only the checked ones', async () => {
    const lookup = guardedLookup({
      resolve: (host) =>
        Promise.resolve(
          host === 'mixed.example'
            ? [
                { address: '8.8.8.8', family: 4 },
                { address: '10.0.0.1', family: 4 },
              ]
            : [
                { address: '8.8.8.8', family: 4 },
                { address: '2606:4700:4700::1111', family: 6 },
              ],
        ),
    });
    const call = (host: string, all: boolean) =>
      new Promise<unknown>((resolve, reject) =>
        lookup(host, { all }, (error, address) => (error ? reject(error) : resolve(address))),
      );
    await expect(call('mixed.example', false)).rejects.toBeInstanceOf(ForbiddenDestinationError);
    expect(await call('meet.example', false)).toBe('8.8.8.8');
    expect(await call('meet.example', true)).toEqual([
      { address: '8.8.8.8', family: 4 },
      { address: '2606:4700:4700::1111', family: 6 },
    ]);
  });
});
