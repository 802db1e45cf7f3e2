// The security figures of issue 19, in one report. A test measures a figure and calls
// recordFigure; `npm test` gives every test process the same SECURITY_REPORT_DIR and prints
// the table at the end (scripts/security-report.mjs prints it for any directory).
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The figures the report always lists, in this order, with their goals (docs/security.md). */
export const FIGURES = [
  { name: 'bad inputs tried', goal: { atLeast: 1000 } },
  { name: 'HTTP 500s seen', goal: 0 },
  { name: 'partial writes', goal: 0 },
  { name: 'cross-tenant attempts that succeeded', goal: 0 },
  { name: 'CSP violations', goal: 0 },
  { name: 'PHI strings found in logs', goal: 0 },
  { name: 'requests let through above the limit', goal: 0 },
];

const FILE = 'figures.jsonl';

/**
 * Prints the figure on one line and, when SECURITY_REPORT_DIR is set, appends it to the run's
 * figures.jsonl. A number goal is the most allowed; `{ atLeast }` the fewest.
 */
export function recordFigure({ name, value, goal, unit }) {
  const figure = { name, value, goal, ...(unit ? { unit } : {}) };
  console.info(
    `[security figure] ${name}: ${value}${unit ? ` ${unit}` : ''} (goal ${goalText(goal)})`,
  );
  const dir = process.env.SECURITY_REPORT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(path.join(dir, FILE), `${JSON.stringify(figure)}\n`);
}

/**
 * One row per figure: the known ones first (missing when nothing recorded them), then any other
 * name recorded. Several records of one name (several test files) add up.
 */
export function securityReport(dir) {
  const file = path.join(dir, FILE);
  const recorded = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line))
    : [];
  const byName = new Map();
  for (const figure of recorded) {
    const key = figure.name.toLowerCase();
    const seen = byName.get(key);
    byName.set(key, seen ? { ...figure, value: seen.value + figure.value } : figure);
  }
  const rows = FIGURES.map((known) => {
    const figure = byName.get(known.name.toLowerCase());
    byName.delete(known.name.toLowerCase());
    return figure
      ? row(figure)
      : { name: known.name, value: null, goal: goalText(known.goal), status: 'MISSING' };
  });
  return [...rows, ...[...byName.values()].map(row)];
}

/** The report as a table of text lines. */
export function formatSecurityReport(rows) {
  const header = { name: 'Figure', value: 'Value', goal: 'Goal', status: 'Result' };
  const cells = [header, ...rows].map((r) => [
    r.name,
    r.value === null ? '-' : String(r.value) + (r.unit ? ` ${r.unit}` : ''),
    r.goal,
    r.status,
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => c[i].length)));
  const line = (c) =>
    c
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)];
}

function row(figure) {
  const met =
    typeof figure.goal === 'number'
      ? figure.value <= figure.goal
      : figure.value >= figure.goal.atLeast;
  return {
    name: figure.name,
    value: figure.value,
    unit: figure.unit,
    goal: goalText(figure.goal),
    status: met ? 'PASS' : 'FAIL',
  };
}

function goalText(goal) {
  return typeof goal === 'number' ? (goal === 0 ? '0' : `<= ${goal}`) : `>= ${goal.atLeast}`;
}
