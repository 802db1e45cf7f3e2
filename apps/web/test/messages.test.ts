import compile from 'icu-minify/compile';
import { describe, expect, it } from 'vitest';
import en from '../messages/en.json';
import faAF from '../messages/fa-AF.json';
import psAF from '../messages/ps-AF.json';

/**
 * The catalogue's contract: every language has exactly English's keys, every message is valid ICU, and each
 * translation uses the same arguments (same names, same kinds: plain, plural, select...) as the English one.
 */

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(path, value);
    else for (const [k, v] of flatten(value, path)) flat.set(k, v);
  }
  return flat;
}

const KINDS: Record<number, string> = {
  1: 'select',
  2: 'plural',
  3: 'selectordinal',
  4: 'number',
  5: 'date',
  6: 'time',
};

/**
 * Walks icu-minify's compiled form (the compiler next-intl's precompiled messages use): a message or a branch
 * is a string or a list of nodes; a node is text, 0 (`#`), `[name]` (an argument), `[name, kind, options]`
 * (plural, select, number, date...) or `[tag, ...children]`. Calls `onArgument` and `onBranches` on the way.
 */
function walk(
  message: string,
  onArgument: (name: string, kind: string) => void,
  onBranches: (keys: string[]) => void = () => undefined,
): void {
  const nodes = (value: unknown) => {
    if (typeof value === 'string' || value === 0) return;
    if (Array.isArray(value)) for (const child of value) node(child);
  };
  const node = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    const [name, type, ...rest] = value as unknown[];
    if (typeof name !== 'string') return;
    if (type === undefined) onArgument(name, 'argument');
    else if (typeof type === 'number' && type !== 0) {
      onArgument(name, KINDS[type] ?? String(type));
      const options = rest[0];
      if ((type === 1 || type === 2 || type === 3) && options && typeof options === 'object') {
        onBranches(Object.keys(options));
        for (const branch of Object.values(options as Record<string, unknown>)) nodes(branch);
      }
    } else for (const child of [type, ...rest]) nodes([child]); // a tag's children
  };
  nodes(compile(message));
}

/** Argument name -> kind. */
function argumentsOf(message: string): Map<string, string> {
  const found = new Map<string, string>();
  walk(message, (name, kind) => found.set(name, kind));
  return found;
}

/** The branch keys of every plural/select in a message (each needs `other`). */
function branchesOf(message: string): string[][] {
  const found: string[][] = [];
  walk(
    message,
    () => undefined,
    (keys) => found.push(keys),
  );
  return found;
}

const english = flatten(en);
const translations = { 'fa-AF': flatten(faAF), 'ps-AF': flatten(psAF) };

describe('the message catalogue', () => {
  it('has messages', () => {
    expect(english.size).toBeGreaterThan(100);
  });

  for (const [locale, messages] of Object.entries(translations)) {
    it(`${locale} has exactly the English keys`, () => {
      const missing = [...english.keys()].filter((key) => !messages.has(key));
      const extra = [...messages.keys()].filter((key) => !english.has(key));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    });

    it(`${locale} uses the same ICU arguments as English in every message`, () => {
      const differences: string[] = [];
      for (const [key, source] of english) {
        const translated = messages.get(key);
        if (translated === undefined) continue;
        const want = Object.fromEntries(argumentsOf(source));
        const got = Object.fromEntries(argumentsOf(translated));
        if (
          JSON.stringify(Object.entries(want).sort()) !== JSON.stringify(Object.entries(got).sort())
        )
          differences.push(`${key}: ${JSON.stringify(want)} vs ${JSON.stringify(got)}`);
      }
      expect(differences).toEqual([]);
    });

    it(`${locale} writes its messages in its own script, not in English`, () => {
      // Product names, URLs and examples may stay Latin; a sentence may not.
      const english = [...messages].filter(
        ([, text]) => /[a-z]{3,} [a-z]{3,} [a-z]{3,}/i.test(text) && !/[\u0600-\u06ff]/.test(text),
      );
      expect(english.map(([key]) => key)).toEqual([]);
    });
  }

  it('every message of every language is valid ICU, with an `other` branch in each plural and select', () => {
    for (const messages of [english, ...Object.values(translations)])
      for (const [key, message] of messages) {
        for (const branches of branchesOf(message))
          expect(branches, `${key}: ${message}`).toContain('other');
      }
  });
});
