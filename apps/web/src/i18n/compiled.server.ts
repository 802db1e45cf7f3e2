import compile from 'icu-minify/compile';
import type { CompiledCatalogue, MessageKey } from './compiled';
import type { Locale } from './locales';
import { loadMessages, type Messages } from './messages';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix: string, into: Record<string, ReturnType<typeof compile>>) {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    // Through JSON: the compiler builds plural options without a prototype, which React cannot pass to a client
    // component; the plain copy is the same data.
    if (typeof value === 'string')
      into[path] = JSON.parse(JSON.stringify(compile(value))) as ReturnType<typeof compile>;
    else flatten(value, path, into);
  }
}

const compiledCache = new Map<string, unknown>();

/** A namespace of the catalogue compiled for compiledTranslator (once per language and namespace). */
export async function compiledNamespace<N extends keyof Messages>(
  locale: Locale,
  namespace: N,
): Promise<CompiledCatalogue<MessageKey<Messages[N]>>> {
  const key = `${locale}|${namespace}`;
  let compiled = compiledCache.get(key);
  if (!compiled) {
    const into: Record<string, ReturnType<typeof compile>> = {};
    flatten((await loadMessages(locale))[namespace], '', into);
    compiled = into;
    compiledCache.set(key, compiled);
  }
  return compiled as CompiledCatalogue<MessageKey<Messages[N]>>;
}
