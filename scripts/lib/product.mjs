// The product as the start command brings it up, for the browser tests and the browser benchmarks: its own
// data folder and port, the caller's NATS, Debian's Chromium and the fonts the screenshots need.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './bootstrap.mjs';
import { ensureDebianPackages } from './nats.mjs';
import { freePort } from './ports.mjs';

/** Chromium, and fonts for Dari and Pashto (without them the screenshots show empty boxes for some letters). */
export function requireChromium(log) {
  const packages = [
    { name: 'chromium', binary: 'chromium' },
    { name: 'fonts-noto-core', file: '/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf' },
  ];
  if (!ensureDebianPackages(packages, log)) {
    throw new Error(
      "the browser tests need Debian's chromium and fonts-noto-core (apt-get install chromium fonts-noto-core)",
    );
  }
}

/**
 * Runs `scripts/start.mjs` under the supervisor and waits for its stack.json. Answers what Playwright needs
 * (base URL, database, the join-token keys) and `crashed`, which fills if the product exits meanwhile.
 */
export async function startProduct({ scratch, natsUrl, supervisor, env = {} }) {
  const dataDir = path.join(scratch, 'start');
  const crashed = [];
  supervisor.run('start', process.execPath, [path.join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: {
      PORT: String(await freePort()),
      VIRTUAL_CARE_DATA_DIR: dataDir,
      NATS_URL: natsUrl,
      ...env,
    },
    onExit: (code) => crashed.push(`the start command exited (${code})`),
  });
  const stack = await waitForStack(path.join(dataDir, 'stack.json'), crashed);
  // The expired-link test signs a real (expired) token with the product's key.
  const { JOIN_TOKEN_KEYS } = JSON.parse(
    readFileSync(path.join(dataDir, 'local-secrets.json'), 'utf8'),
  );
  return {
    crashed,
    playwrightEnv: {
      E2E_BASE_URL: stack.baseUrl,
      TEST_DATABASE_ADMIN_URL: stack.databaseAdminUrl,
      JOIN_TOKEN_KEYS,
      VIRTUAL_CARE_DATA_DIR: dataDir, // `pnpm api-token` signs with the key of the product under test
    },
  };
}

async function waitForStack(file, crashed, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (crashed.length > 0) throw new Error(crashed.join('; '));
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the start command was not up within ${timeoutMs / 1000} s`);
}
