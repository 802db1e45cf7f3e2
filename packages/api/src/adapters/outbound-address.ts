import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Every address a host name has (A and AAAA), as the system resolver answers; tests inject their own. */
export type HostResolver = (
  hostname: string,
) => Promise<readonly { address: string; family: number }[]>;

export const systemResolver: HostResolver = (hostname) =>
  lookup(hostname, { all: true, verbatim: true });

export interface OutboundAddressPolicy {
  /** Demo and test deployments only (VIDEO_ALLOW_LOOPBACK_HTTP, decision 0005): the stand-ins listen on 127.0.0.1. */
  allowLoopback?: boolean;
  resolve?: HostResolver;
}

/** A call a tenant's setting aimed at an address this service does not call (decision 0038). */
export class ForbiddenDestinationError extends Error {
  override readonly name = 'ForbiddenDestinationError';
  readonly code = 'ERR_FORBIDDEN_DESTINATION';
}

const REFUSAL = 'is a private, loopback, link-local or otherwise non-public address';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

// Everything but global unicast (the IANA special-purpose registries). An IPv4-mapped IPv6 address (::ffff:a.b.c.d)
// is matched against the IPv4 rules by BlockList itself.
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 included: it dials this machine
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, the cloud metadata endpoint 169.254.169.254 included
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, the broadcast address included
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and the IPv4-compatible forms (::127.0.0.1)
  ['64:ff9b::', 96], // NAT64: the IPv4 address inside could be any of the above
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23], // Teredo and other protocol assignments
  ['2001:db8::', 32],
  ['2002::', 16], // 6to4, which carries an IPv4 address too
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // the old site-local
  ['ff00::', 8], // multicast
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** Why this IP address may not be called, or null when it may (a public address, or loopback where allowed). */
export function addressRefusal(address: string, allowLoopback = false): string | null {
  const family = isIP(address);
  if (family === 0) return 'is not an IP address';
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (allowLoopback && LOOPBACK.check(address, type)) return null;
  return NON_PUBLIC.check(address, type) ? REFUSAL : null;
}

/**
 * Why a URL's host (as `URL.hostname` gives it: IPv4 in any spelling already normalised to dotted decimal, IPv6 in
 * brackets) may not be called, when it is an IP literal; null for a name, which the lookup below checks.
 */
export function literalHostRefusal(hostname: string, allowLoopback = false): string | null {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) === 0 ? null : addressRefusal(bare, allowLoopback);
}

/**
 * The `lookup` of a connection (net, tls, undici's `connect`): resolves the name, refuses it when any of its addresses
 * is not public, and hands the socket only the addresses it checked, so the address dialled is the one checked (no
 * second resolution a rebinding DNS server could answer differently). An IP literal skips lookups altogether: check
 * it with `literalHostRefusal` first.
 */
export function guardedLookup(policy: OutboundAddressPolicy = {}): LookupFunction {
  const resolve = policy.resolve ?? systemResolver;
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((addresses) => {
        if (addresses.some((a) => addressRefusal(a.address, policy.allowLoopback) !== null))
          throw new ForbiddenDestinationError(`${hostname} resolves to an address that ${REFUSAL}`);
        const family =
          options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
        const wanted = addresses.filter((a) => !family || a.family === family);
        const first = wanted[0];
        if (!first)
          throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
        if (options.all) callback(null, [...wanted]);
        else callback(null, first.address, first.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
  };
}
