// The smallest App Router app: one root layout, one page, one client component with a button. Built with the
// workspace's own `next` (the same version as apps/web) and served by `next start`: the baseline the
// slow-link benchmark measures beside the patient's pages.
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './bootstrap.mjs';
import { freePort, waitForPort } from './ports.mjs';

const FILES = {
  'package.json': JSON.stringify({ name: 'minimal-next-page', private: true, type: 'module' }),
  'app/layout.js': `export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
  'app/page.js': `import { Tap } from './tap';

export default function Page() {
  return (
    <main>
      <Tap />
    </main>
  );
}
`,
  'app/tap.js': `'use client';
import { useState } from 'react';

export function Tap() {
  const [taps, setTaps] = useState(0);
  return (
    <button type="button" onClick={() => setTaps(taps + 1)}>
      Tapped {taps} times
    </button>
  );
}
`,
};

/** The longest folder both paths are inside. */
function commonAncestor(a, b) {
  const left = a.split(path.sep);
  const right = b.split(path.sep);
  let shared = 0;
  while (shared < left.length && left[shared] === right[shared]) shared += 1;
  return left.slice(0, shared).join(path.sep) || path.sep;
}

/** Writes the app into `dir`, builds it and starts it under the supervisor; answers its base URL. */
export async function startMinimalNextApp({ dir, supervisor, log }) {
  mkdirSync(path.join(dir, 'app'), { recursive: true });
  mkdirSync(path.join(dir, 'node_modules'));
  const modules = {};
  for (const name of ['next', 'react', 'react-dom']) {
    modules[name] = realpathSync(path.join(root, 'apps/web/node_modules', name));
    symlinkSync(modules[name], path.join(dir, 'node_modules', name));
  }
  for (const [file, text] of Object.entries(FILES)) writeFileSync(path.join(dir, file), text);
  // Turbopack reads only files under its root: the packages live in the workspace's store, not beside the app.
  const turbopackRoot = commonAncestor(dir, modules.next);
  writeFileSync(
    path.join(dir, 'next.config.mjs'),
    `export default { turbopack: { root: ${JSON.stringify(turbopackRoot)} } };\n`,
  );

  const next = path.join(dir, 'node_modules/next/dist/bin/next');
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  log('Building the minimal Next.js page (next build) ...');
  execFileSync(process.execPath, [next, 'build'], { cwd: dir, env, stdio: 'inherit' });
  const port = await freePort();
  const crashed = [];
  supervisor.run('minimal-next', process.execPath, [next, 'start', '--port', String(port)], {
    cwd: dir,
    env,
    onExit: (code) => crashed.push(`the minimal Next.js page exited (${code})`),
  });
  await waitForPort(port, 60_000);
  return { baseUrl: `http://localhost:${port}`, crashed };
}
