import { readFileSync } from 'node:fs';

/**
 * The AI gateway's bearer key: AI_GATEWAY_API_KEY, or AI_GATEWAY_API_KEY_FILE naming a file that holds it (a
 * mounted secret), never both; neither is null. Errors name the setting, never the key.
 */
export function aiGatewayKeyFromEnv(env: Record<string, string | undefined>): string | null {
  const inline = env.AI_GATEWAY_API_KEY?.trim();
  const file = env.AI_GATEWAY_API_KEY_FILE?.trim();
  if (inline && file)
    throw new Error('Set AI_GATEWAY_API_KEY or AI_GATEWAY_API_KEY_FILE, not both');
  if (inline) return inline;
  if (!file) return null;
  let key: string;
  try {
    key = readFileSync(file, 'utf8').trim();
  } catch {
    throw new Error('AI_GATEWAY_API_KEY_FILE cannot be read');
  }
  if (!key) throw new Error('AI_GATEWAY_API_KEY_FILE is empty');
  return key;
}
