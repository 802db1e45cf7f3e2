import { describe, expect, it } from 'vitest';
import { Prisma } from '../src/generated/prisma/client';
import { useTestDatabases } from './support/databases';
import { declaredTables } from './support/prisma-schema';

// `prisma migrate diff` needs the schema engine, which this network cannot fetch; this
// test is the substitute: schema.prisma (the client's types) and the SQL migrations
// (the database) must agree on tables, columns, types and nullability.
describe('the migrated database matches prisma/schema.prisma', () => {
  const { admin } = useTestDatabases();

  it('has exactly the declared tables, columns, types and nullability', async () => {
    const declared = declaredTables();
    const { rows } = await admin.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
    }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
        ORDER BY table_name, column_name`,
    );
    const actual = new Map<string, { column: string; dataType: string; nullable: boolean }[]>();
    for (const r of rows) {
      const list = actual.get(r.table_name) ?? [];
      list.push({
        column: r.column_name,
        dataType: r.data_type,
        nullable: r.is_nullable === 'YES',
      });
      actual.set(r.table_name, list);
    }
    const sorted = (m: Map<string, { column: string }[]>) =>
      Object.fromEntries(
        [...m.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([t, cols]) => [t, [...cols].sort((a, b) => a.column.localeCompare(b.column))]),
      );
    expect(sorted(actual)).toEqual(sorted(declared));
  });

  it('and the generated client was generated from the current schema', () => {
    const declared = declaredTables();
    const generated = Object.values(Prisma.ModelName).length;
    expect(generated).toBe(declared.size);
  });
});
