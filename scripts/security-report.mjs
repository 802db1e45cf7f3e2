#!/usr/bin/env node
// `pnpm security:report [dir] [--require-all]`: the security figures a test run recorded
// (SECURITY_REPORT_DIR, default .data/security-report), one table, each against its goal.
// Exits 1 when a figure misses its goal, or (with --require-all) when one was not measured.
import path from 'node:path';
import { root } from './lib/bootstrap.mjs';
import { formatSecurityReport, securityReport } from './lib/security-figures.mjs';

const args = process.argv.slice(2);
const requireAll = args.includes('--require-all');
const dir =
  args.find((arg) => !arg.startsWith('--')) ??
  process.env.SECURITY_REPORT_DIR ??
  path.join(root, '.data', 'security-report');

const rows = securityReport(dir);
console.log(`Security figures (${dir}):`);
for (const line of formatSecurityReport(rows)) console.log(`  ${line}`);
const failed = rows.some((r) => r.status === 'FAIL' || (requireAll && r.status === 'MISSING'));
process.exit(failed ? 1 : 0);
