/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- black-box REST tests read untyped JSON bodies */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResolver } from '../../src/adapters/outbound-address';
import type { Face } from '../api/support/stack';
import { useAdminStack, type Clinic } from './support/admin-stack';

const stack = useAdminStack();

/** The names the test's resolver knows: public-looking ones that lead inside, as a hostile DNS server would answer. */
const DNS: Record<string, { address: string; family: number }[]> = {
  localhost: [{ address: '127.0.0.1', family: 4 }],
  'meet.looks-public.example': [{ address: '127.0.0.1', family: 4 }],
  'metadata.looks-public.example': [{ address: '169.254.169.254', family: 4 }],
  'intranet.looks-public.example': [{ address: '10.20.30.40', family: 4 }],
  'v6.looks-public.example': [{ address: 'fd00::17', family: 6 }],
  // One public address and one private: the private one alone is enough to refuse the name.
  'mixed.looks-public.example': [
    { address: '93.184.216.34', family: 4 },
    { address: '192.168.0.10', family: 4 },
  ],
};
const resolveHost: HostResolver = (hostname) => {
  const found = DNS[hostname];
  if (found) return Promise.resolve(found);
  return Promise.reject(Object.assign(new Error(`unknown ${hostname}`), { code: 'ENOTFOUND' }));
};

/** A listener on this machine that counts every TCP connection made to it (and closes it at once). */
interface Counted {
  port: number;
  connections: () => number;
  close: () => Promise<void>;
}

async function countingListener(): Promise<Counted> {
  let connections = 0;
  const server: Server = createTcpServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, resolve)); // every interface: 0.0.0.0 and :: reach it too
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A "Jitsi" whose health endpoint redirects to `location`, counting the requests it answers. */
async function redirectingServer(location: string): Promise<{
  url: string;
  requests: () => number;
  close: () => Promise<void>;
}> {
  let requests = 0;
  const server: HttpServer = createHttpServer((_req, res) => {
    requests += 1;
    res.writeHead(302, { location }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let listener: Counted;
/** A deployment as production runs it: VIDEO_ALLOW_LOOPBACK_HTTP unset. */
let production: Face;
/** The demo and test deployment: loopback allowed for the local stand-ins (decision 0005), nothing else inside. */
let demo: Face;
let clinic: Clinic;

beforeAll(async () => {
  listener = await countingListener();
  clinic = await stack.clinic();
  production = stack.face({ VIDEO_ALLOW_LOOPBACK_HTTP: 'false' }, { resolveHost });
  demo = stack.face({}, { resolveHost });
});
afterAll(async () => {
  await listener.close();
});

function testConnection(face: Face, jitsiServerUrl: string) {
  return face.call('POST', '/config/test-connection', {
    token: clinic.adminToken,
    body: { jitsiServerUrl },
  });
}

describe('issue 19: test connection calls public addresses only (no server-side request forgery)', () => {
  it('every spelling of this machine is refused 400 VALIDATION_FAILED without a connection reaching it', async () => {
    const p = listener.port;
    const forms = [
      `https://127.0.0.1:${p}`,
      `https://127.9.9.9:${p}`,
      `https://2130706433:${p}`, // 127.0.0.1 as one decimal number
      `https://0x7f.0.0.1:${p}`, // hex
      `https://0177.0.0.1:${p}`, // octal
      `https://127.1:${p}`, // short form
      `https://[::1]:${p}`,
      `https://[::ffff:127.0.0.1]:${p}`, // IPv4-mapped IPv6
      `https://[::ffff:7f00:1]:${p}`,
      `https://0.0.0.0:${p}`,
      `https://0:${p}`,
      `https://[::]:${p}`,
      `https://localhost:${p}`,
      `https://meet.looks-public.example:${p}`, // a public-looking name that resolves to 127.0.0.1
    ];
    for (const url of forms) {
      const res = await testConnection(production, url);
      expect([url, res.status, res.body.code, res.body.details?.field]).toEqual([
        url,
        400,
        'VALIDATION_FAILED',
        'jitsiServerUrl',
      ]);
    }
    expect(listener.connections()).toBe(0);
  });

  it('private, link-local (cloud metadata), unique-local and mapped addresses are refused, with or without the demo flag', async () => {
    const forms = [
      'https://10.0.0.5',
      'https://172.16.0.1',
      'https://172.31.255.254',
      'https://192.168.1.1',
      'https://169.254.169.254/latest/meta-data',
      'https://2852039166', // 169.254.169.254 as one decimal number
      'https://0xa9fea9fe', // ... in hex
      'https://0251.0376.0251.0376', // ... in octal
      'https://[::ffff:169.254.169.254]',
      'https://[::ffff:10.0.0.1]',
      'https://[fc00::1]',
      'https://[fd12:3456::1]',
      'https://[fe80::1]',
      'https://100.64.0.1',
      'https://metadata.looks-public.example',
      'https://intranet.looks-public.example',
      'https://v6.looks-public.example',
      'https://mixed.looks-public.example',
    ];
    for (const face of [production, demo]) {
      for (const url of forms) {
        const res = await testConnection(face, url);
        expect([url, res.status, res.body.code]).toEqual([url, 400, 'VALIDATION_FAILED']);
        expect(res.body.message).toContain('public address');
      }
    }
  });

  it('a saved server URL on a private address is refused the same way', async () => {
    const c = await stack.clinic();
    const current = await demo.call('GET', '/config', { token: c.adminToken });
    const saved = await demo.call('PUT', '/config', {
      token: c.adminToken,
      body: {
        expectedVersion: current.body.version,
        jitsiServerUrl: 'https://intranet.looks-public.example',
      },
    });
    expect(saved.status).toBe(200);
    const res = await demo.call('POST', '/config/test-connection', {
      token: c.adminToken,
      body: {},
    });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('loopback only under the demo flag: the local Jitsi stand-in answers healthy there, and a listener counts the call', async () => {
    const res = await testConnection(demo, stack.jitsi.url);
    expect([res.status, res.body.healthy]).toEqual([200, true]);
    // The same kind of listener as above does see a call that is let through (so its 0 above means none was made).
    const reached = await countingListener();
    try {
      const tried = await testConnection(demo, `https://meet.looks-public.example:${reached.port}`);
      expect([tried.status, tried.body.healthy]).toEqual([200, false]);
      expect(reached.connections()).toBe(1);
    } finally {
      await reached.close();
    }
  });

  it('a redirect is not followed: not to 169.254.169.254, not even to an address the deployment allows', async () => {
    const toMetadata = await redirectingServer('http://169.254.169.254/latest/meta-data/');
    const onward = await countingListener();
    const toLoopback = await redirectingServer(`http://127.0.0.1:${onward.port}/about/health`);
    try {
      for (const server of [toMetadata, toLoopback]) {
        const res = await testConnection(demo, server.url);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          healthy: false,
          reason: 'HTTP 302 (redirects are not followed)',
        });
        expect(server.requests()).toBe(1);
      }
      expect(onward.connections()).toBe(0);
    } finally {
      await Promise.all([toMetadata.close(), toLoopback.close(), onward.close()]);
    }
  });
});
