/**
 * Loaded before the production server (`node --import ./preload/preload.mjs server.js`): when the
 * environment names a real cluster, opens its connection at once, so the API server prepares the
 * first list pages while Next.js boots instead of after. The connection lives in the process-wide
 * registry, where the server's start-up and its routes find it. The demo and file sources load
 * nothing here (the Kubernetes client is loaded only for a cluster). A setting the server refuses
 * to run with, or any failure here, leaves the connection to the server's own start.
 */
import { authConfig } from '../auth/config';
import { defaultChoice } from '../cluster/environment';

/** Opens the default cluster connection when it is a real cluster; resolves to whether it did. */
export async function preconnect(
  env: NodeJS.ProcessEnv = process.env,
  argv: string[] = process.argv,
): Promise<boolean> {
  try {
    authConfig(env, argv);
    const choice = defaultChoice(env);
    if (choice.source !== 'kube') return false;
    const { openConnection } = await import('../cluster/registry');
    openConnection(choice);
    return true;
  } catch {
    return false;
  }
}

await preconnect();
