import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface DeclaredColumn {
  readonly column: string;
  /** PostgreSQL type name as information_schema.columns.data_type reports it. */
  readonly dataType: string;
  readonly nullable: boolean;
}

const schemaPath = fileURLToPath(new URL('../../../../prisma/schema.prisma', import.meta.url));

/**
 * Reads the tables and scalar columns that prisma/schema.prisma declares. A small
 * reader of our own file (@prisma/internals' getDMMF is not installed): models,
 * @@map, @map, `?`, `[]` and @db.* are all this schema uses. Relation fields (whose
 * type is another model) are not columns and are skipped.
 */
export function declaredTables(): Map<string, DeclaredColumn[]> {
  const text = readFileSync(schemaPath, 'utf8');
  const models = [...text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const modelNames = new Set(models.map((m) => m[1]));
  const tables = new Map<string, DeclaredColumn[]>();
  for (const [, name, body = ''] of models) {
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? name ?? '';
    const columns: DeclaredColumn[] = [];
    for (const raw of body.split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim();
      const field = /^(\w+)\s+(\w+)(\?|\[\])?(.*)$/.exec(line);
      if (!field || line.startsWith('@@')) continue;
      const [, fieldName = '', type = '', modifier, attrs = ''] = field;
      if (modelNames.has(type)) continue;
      columns.push({
        column: /@map\("([^"]+)"\)/.exec(attrs)?.[1] ?? fieldName,
        dataType: modifier === '[]' ? 'ARRAY' : pgType(type, /@db\.(\w+)/.exec(attrs)?.[1]),
        nullable: modifier === '?',
      });
    }
    tables.set(table, columns);
  }
  return tables;
}

function pgType(prismaType: string, dbType: string | undefined): string {
  if (dbType === 'Uuid') return 'uuid';
  if (dbType === 'Date') return 'date';
  const map: Record<string, string> = {
    String: 'text',
    Int: 'integer',
    BigInt: 'bigint',
    Boolean: 'boolean',
    DateTime: 'timestamp with time zone',
    Json: 'jsonb',
  };
  const t = map[prismaType];
  if (!t) throw new Error(`schema.prisma type ${prismaType} is not mapped in the test`);
  return t;
}
