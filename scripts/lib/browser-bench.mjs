// What every browser benchmark does around its own figures: the project's Node, a supervisor that stops what it
// started, a scratch folder, the dependencies, Chromium, NATS and the product as the test command brings it up.
import path from 'node:path';
import { installDependencies } from './bootstrap.mjs';
import { useProjectNode } from './node-runtime.mjs';
import { requireChromium, startProduct } from './product.mjs';
import { createSupervisor } from './supervisor.mjs';
import { makeScratchDir, startMessaging } from './stack.mjs';

/**
 * Runs `measure({ product, scratch, supervisor, log })` with the product up, then stops everything; exits 1 when
 * the measure throws or the product crashed meanwhile. `productEnv` is added to the product's environment.
 */
export async function runBrowserBench(name, { productEnv = {}, measure }) {
  const log = (message) => console.log(`[bench] ${message}`);
  await useProjectNode({ announce: log });
  const supervisor = createSupervisor(log);
  supervisor.stopOnSignals();
  const scratch = makeScratchDir(`virtual-care-bench-${name}-`, supervisor);
  try {
    installDependencies(log);
    requireChromium(log);
    const natsUrl = await startMessaging({ storeDir: path.join(scratch, 'nats'), supervisor, log });
    if (!natsUrl)
      throw new Error('the benchmark needs a NATS server (install nats-server or set NATS_URL)');
    const product = await startProduct({ scratch, natsUrl, supervisor, env: productEnv });
    const crashed = [
      ...product.crashed,
      ...((await measure({ product, scratch, supervisor, log })) ?? []),
    ];
    if (crashed.length > 0) throw new Error(crashed.join('; '));
    await supervisor.stopAll();
    process.exit(0);
  } catch (error) {
    console.error(`[bench] FAILED: ${error.message ?? error}`);
    await supervisor.stopAll();
    process.exit(1);
  }
}
