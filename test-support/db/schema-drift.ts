import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as prismaSchemaWasm from "@prisma/prisma-schema-wasm";
import pg from "pg";
import { schemaFromConnectionString } from "../../lib/db/migrate";

/**
 * Schema drift check without Prisma's schema engine: builds the PostgreSQL
 * schema that `prisma migrate` would create for schema.prisma (from the DMMF
 * produced by Prisma's own wasm parser, @prisma/prisma-schema-wasm, a
 * devDependency), introspects a real database's catalog, and lists every
 * difference in both directions.
 *
 * Covered: tables, columns (type, nullability, default, identity/generated),
 * primary keys, unique and non-unique indexes (columns, order, method, partial
 * predicate, non-default operator classes), foreign keys (columns, referenced
 * table/columns, ON DELETE / ON UPDATE, deferrability), enum types and the
 * order of their values, implicit many-to-many join tables, and, in the
 * database-only direction, check/exclusion constraints, triggers, views and
 * stray sequences. `_prisma_migrations` is ignored. Features the checker does
 * not model (multiSchema, operator classes in the schema, full-text indexes)
 * are reported as differences so they fail loudly instead of passing silently.
 *
 * Test support only: it imports a devDependency.
 */

export const DEFAULT_PRISMA_SCHEMA_PATH = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));

const MIGRATIONS_TABLE = "_prisma_migrations";
/** PostgreSQL's NAMEDATALEN - 1; Prisma truncates generated constraint names to it. */
const MAX_IDENTIFIER_LENGTH = 63;

// ---------------------------------------------------------------------------
// Shape shared by the expected (schema.prisma) and actual (catalog) sides.

export interface ColumnShape {
  /**
   * As PostgreSQL's format_type() prints it, double quotes removed: "text", "timestamp(3) without time zone",
   * "Role[]".
   */
  type: string;
  nullable: boolean;
  /**
   * Database side: the default expression as pg_get_expr() prints it, or a GENERATED description.
   * Schema side: the SQL Prisma would render, or "autoincrement()" (any sequence default) /
   * "dbgenerated()" (any default at all).
   */
  default: string | null;
}

export interface IndexShape {
  unique: boolean;
  /** Key columns as `"col"` plus ` DESC`, non-default NULLS ordering and operator class. */
  columns: string[];
  method: string;
  predicate: string | null;
  include: string[];
}

export interface PrimaryKeyShape {
  name: string;
  columns: string[];
}

export interface ForeignKeyShape {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
  /** Anything else worth comparing (DEFERRABLE, MATCH FULL); empty for Prisma's defaults. */
  extra: string;
}

export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: PrimaryKeyShape | null;
  /** Unique and non-unique indexes (unique constraints included), keyed by name; the PK index is not here. */
  indexes: Record<string, IndexShape>;
  foreignKeys: Record<string, ForeignKeyShape>;
  /** Database-only objects Prisma cannot declare: check/exclusion constraints, triggers. */
  otherObjects: string[];
}

export interface SchemaShape {
  tables: Record<string, TableShape>;
  /** Enum type name -> values in declaration order. */
  enums: Record<string, string[]>;
  /** Objects outside tables that Prisma cannot declare (views, stray sequences...). Database side only. */
  otherObjects: string[];
}

// ---------------------------------------------------------------------------
// Expected side: schema.prisma -> DMMF -> SchemaShape.

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt?: boolean;
  hasDefaultValue: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  schema: string | null;
  fields: DmmfField[];
}

interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName: string | null }[];
}

interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  algorithm?: string;
  where?: unknown;
  fields: { name: string; sortOrder?: "asc" | "desc"; length?: number; operatorClass?: unknown }[];
}

interface DmmfDatamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
  indexes: DmmfIndex[];
}

/** Parses a Prisma schema with Prisma's own (wasm) parser and returns the DMMF datamodel. */
export function getDatamodel(schemaText: string, fileName = "schema.prisma"): DmmfDatamodel {
  const params = JSON.stringify({ prismaSchema: [[fileName, schemaText]], noColor: true });
  let raw: string;
  try {
    raw = prismaSchemaWasm.get_dmmf(params);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    let detail = message;
    try {
      detail = (JSON.parse(message) as { message?: string }).message ?? message;
    } catch {
      // not JSON: keep as is
    }
    throw new Error(`schema.prisma does not parse:\n${detail}`);
  }
  return (JSON.parse(raw) as { datamodel: DmmfDatamodel }).datamodel;
}

/** Mirrors psl's ConstraintNames: `<table>_<cols>_<suffix>`, truncated to fit 63 bytes. */
function constraintName(table: string, columns: string[] | null, suffix: string): string {
  let base = columns === null ? table : `${table}_${columns.join("_")}`;
  const limit = MAX_IDENTIFIER_LENGTH - suffix.length;
  if (Buffer.byteLength(base) >= limit) {
    const buf = Buffer.from(base);
    let cut = limit;
    // floor_char_boundary: never split a UTF-8 sequence
    while (cut > 0 && (buf[cut]! & 0xc0) === 0x80) cut -= 1;
    base = buf.subarray(0, cut).toString();
  }
  return `${base}${suffix}`;
}

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

function nativeTypeToPg(name: string, args: string[]): string {
  const opt = (n: number) => (args.length >= n ? `(${args.slice(0, n).join(",")})` : "");
  switch (name) {
    case "Text":
      return "text";
    case "VarChar":
      return `character varying${opt(1)}`;
    case "Char":
      return `character${args.length ? opt(1) : "(1)"}`;
    case "Uuid":
      return "uuid";
    case "Xml":
      return "xml";
    case "Inet":
      return "inet";
    case "Citext":
      return "citext";
    case "Bit":
      return `bit${args.length ? opt(1) : "(1)"}`;
    case "VarBit":
      return `bit varying${opt(1)}`;
    case "SmallInt":
      return "smallint";
    case "Integer":
      return "integer";
    case "BigInt":
      return "bigint";
    case "Oid":
      return "oid";
    case "DoublePrecision":
      return "double precision";
    case "Real":
      return "real";
    case "Decimal":
      return `numeric${opt(2)}`;
    case "Money":
      return "money";
    case "Timestamp":
      return `timestamp${opt(1)} without time zone`;
    case "Timestamptz":
      return `timestamp${opt(1)} with time zone`;
    case "Date":
      return "date";
    case "Time":
      return `time${opt(1)} without time zone`;
    case "Timetz":
      return `time${opt(1)} with time zone`;
    case "Boolean":
      return "boolean";
    case "Json":
      return "json";
    case "JsonB":
      return "jsonb";
    case "ByteA":
      return "bytea";
    default:
      return `${name.toLowerCase()}${args.length ? `(${args.join(",")})` : ""}`;
  }
}

function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The DEFAULT Prisma's migrate renders for a field, in our canonical form (see ColumnShape.default). */
function expectedDefault(field: DmmfField, enumValueDbNames: Map<string, Map<string, string>>): string | null {
  if (!field.hasDefaultValue || field.default === undefined) return null;
  const value = field.default;
  const renderScalar = (v: unknown): string => {
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") return String(v);
    if (typeof v === "string") {
      if (field.kind === "enum") return sqlLiteral(enumValueDbNames.get(field.type)?.get(v) ?? v);
      if (field.type === "BigInt" || field.type === "Decimal" || field.type === "Int" || field.type === "Float") {
        return v;
      }
      return sqlLiteral(v);
    }
    return sqlLiteral(JSON.stringify(v));
  };
  if (Array.isArray(value)) return `ARRAY[${value.map(renderScalar).join(", ")}]`;
  if (value !== null && typeof value === "object" && "name" in value) {
    const fn = value as { name: string; args: unknown[] };
    switch (fn.name) {
      case "now":
        return "CURRENT_TIMESTAMP";
      case "autoincrement":
        return "autoincrement()";
      case "dbgenerated":
        return typeof fn.args[0] === "string" ? fn.args[0] : "dbgenerated()";
      // Generated by the Prisma client, nothing in the database.
      case "cuid":
      case "uuid":
      case "nanoid":
      case "ulid":
        return null;
      default:
        return `${fn.name}(${fn.args.map((a) => JSON.stringify(a)).join(", ")})`;
    }
  }
  return renderScalar(value);
}

function relationMapNames(schemaText: string): Map<string, string> {
  // The DMMF omits @relation(map: "..."); read it from the source. Key: "Model.field".
  const names = new Map<string, string>();
  let model: string | null = null;
  for (const line of schemaText.split(/\r?\n/)) {
    const start = /^\s*model\s+(\w+)\s*\{/.exec(line);
    if (start) {
      model = start[1]!;
      continue;
    }
    if (model && /^\s*\}/.test(line)) {
      model = null;
      continue;
    }
    if (!model) continue;
    const field = /^\s*(\w+)\s/.exec(line);
    const relation = /@relation\s*\(([^)]*)\)/.exec(line.replace(/\/\/.*$/, ""));
    const map = relation && /\bmap\s*:\s*"([^"]*)"/.exec(relation[1]!);
    if (field && map) names.set(`${model}.${field[1]}`, map[1]!);
  }
  return names;
}

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

export interface ExpectedSchema {
  schema: SchemaShape;
  /** Parts of schema.prisma the checker cannot model; reported as differences. */
  unsupported: string[];
}

/** The PostgreSQL schema `prisma migrate` would produce for this schema.prisma text. */
export function expectedSchemaFromPrisma(schemaText: string): ExpectedSchema {
  const dm = getDatamodel(schemaText);
  const unsupported: string[] = [];
  const tables: Record<string, TableShape> = {};
  const enums: Record<string, string[]> = {};
  const enumDbName = new Map<string, string>();
  const enumValueDbNames = new Map<string, Map<string, string>>();
  const relationMaps = relationMapNames(schemaText);
  const foreignKeysEnabled = !/^\s*relationMode\s*=\s*"prisma"/m.test(schemaText);

  for (const e of dm.enums) {
    const name = e.dbName ?? e.name;
    enumDbName.set(e.name, name);
    enumValueDbNames.set(e.name, new Map(e.values.map((v) => [v.name, v.dbName ?? v.name])));
    enums[name] = e.values.map((v) => v.dbName ?? v.name);
  }

  const models = new Map(dm.models.map((m) => [m.name, m]));
  const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
  const columnOf = (m: DmmfModel, fieldName: string) => {
    const f = m.fields.find((x) => x.name === fieldName);
    return f?.dbName ?? fieldName;
  };
  const columnType = (f: DmmfField): string => {
    let base: string;
    if (f.kind === "enum") base = enumDbName.get(f.type) ?? f.type;
    else if (f.nativeType) base = nativeTypeToPg(f.nativeType[0], f.nativeType[1]);
    else base = SCALAR_TYPES[f.type] ?? f.type.toLowerCase();
    return f.isList ? `${base}[]` : base;
  };

  for (const m of dm.models) {
    const table = tableOf(m);
    if (m.schema)
      unsupported.push(
        `model ${m.name} uses @@schema("${m.schema}"): multiSchema is not supported by the drift checker`,
      );
    const shape: TableShape = { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {}, otherObjects: [] };
    for (const f of m.fields) {
      if (f.kind === "object") continue;
      shape.columns[f.dbName ?? f.name] = {
        type: columnType(f),
        // Prisma renders scalar lists without NOT NULL.
        nullable: !f.isRequired || f.isList,
        default: expectedDefault(f, enumValueDbNames),
      };
    }
    tables[table] = shape;
  }

  for (const idx of dm.indexes) {
    const m = models.get(idx.model);
    if (!m) continue;
    const table = tableOf(m);
    const shape = tables[table]!;
    const cols = idx.fields.map((f) => columnOf(m, f.name));
    if (idx.type === "id") {
      shape.primaryKey = { name: idx.dbName ?? constraintName(table, null, "_pkey"), columns: cols };
      continue;
    }
    if (idx.type === "fulltext") {
      unsupported.push(`full-text index on model ${m.name} is not supported by the drift checker`);
      continue;
    }
    const unique = idx.type === "unique";
    const name = idx.dbName ?? constraintName(table, cols, unique ? "_key" : "_idx");
    for (const f of idx.fields) {
      if (f.operatorClass !== undefined && f.operatorClass !== null) {
        unsupported.push(`index ${name}: operator classes (ops:) are not supported by the drift checker`);
      }
    }
    if (idx.where !== undefined && idx.where !== null) {
      unsupported.push(`index ${name}: partial indexes (where:) are not supported by the drift checker`);
    }
    shape.indexes[name] = {
      unique,
      columns: idx.fields.map((f, i) => `${quote(cols[i]!)}${f.sortOrder === "desc" ? " DESC" : ""}`),
      method: (idx.algorithm ?? "BTree").toLowerCase(),
      predicate: null,
      include: [],
    };
  }

  if (foreignKeysEnabled) {
    const m2m = new Map<string, { model: DmmfModel; field: DmmfField }[]>();
    for (const m of dm.models) {
      const table = tableOf(m);
      for (const f of m.fields) {
        if (f.kind !== "object") continue;
        const from = f.relationFromFields ?? [];
        if (from.length === 0) {
          if (f.isList && f.relationName) {
            const sides = m2m.get(f.relationName) ?? [];
            sides.push({ model: m, field: f });
            m2m.set(f.relationName, sides);
          }
          continue;
        }
        const target = models.get(f.type)!;
        const cols = from.map((name) => columnOf(m, name));
        const fromFields = from.map((name) => m.fields.find((x) => x.name === name));
        const required = fromFields.every((x) => x?.isRequired);
        const name = relationMaps.get(`${m.name}.${f.name}`) ?? constraintName(table, cols, "_fkey");
        tables[table]!.foreignKeys[name] = {
          columns: cols,
          referencedTable: tableOf(target),
          referencedColumns: (f.relationToFields ?? []).map((name) => columnOf(target, name)),
          onDelete: REFERENTIAL_ACTIONS[f.relationOnDelete ?? (required ? "Restrict" : "SetNull")]!,
          onUpdate: REFERENTIAL_ACTIONS[f.relationOnUpdate ?? "Cascade"]!,
          extra: "",
        };
      }
    }
    // Implicit many-to-many: Prisma's join table `_<relation>` with columns A and B.
    for (const [relation, sides] of m2m) {
      // One-to-many list sides also lack relationFromFields; many-to-many means both sides are lists.
      if (sides.length !== 2 || !sides.every((s) => s.field.isList)) continue;
      const [a, b] = [...sides].sort((x, y) =>
        x.model.name < y.model.name ? -1 : x.model.name > y.model.name ? 1 : 0,
      );
      const modelA = a!.model;
      const modelB = (b ?? a)!.model;
      const joinTable = `_${relation}`;
      const idField = (m: DmmfModel) => {
        const id = dm.indexes.find((i) => i.model === m.name && i.type === "id");
        const field = id && id.fields.length === 1 ? m.fields.find((f) => f.name === id.fields[0]!.name) : undefined;
        if (!field)
          unsupported.push(`implicit many-to-many relation ${relation}: model ${m.name} needs a single-field @id`);
        return field;
      };
      const idA = idField(modelA);
      const idB = idField(modelB);
      if (!idA || !idB) continue;
      tables[joinTable] = {
        columns: {
          A: { type: columnType({ ...idA, isList: false }), nullable: false, default: null },
          B: { type: columnType({ ...idB, isList: false }), nullable: false, default: null },
        },
        primaryKey: { name: `${joinTable}_AB_pkey`, columns: ["A", "B"] },
        indexes: {
          [`${joinTable}_B_index`]: { unique: false, columns: ['"B"'], method: "btree", predicate: null, include: [] },
        },
        foreignKeys: {
          [constraintName(joinTable, ["A"], "_fkey")]: {
            columns: ["A"],
            referencedTable: tableOf(modelA),
            referencedColumns: [idA.dbName ?? idA.name],
            onDelete: "CASCADE",
            onUpdate: "CASCADE",
            extra: "",
          },
          [constraintName(joinTable, ["B"], "_fkey")]: {
            columns: ["B"],
            referencedTable: tableOf(modelB),
            referencedColumns: [idB.dbName ?? idB.name],
            onDelete: "CASCADE",
            onUpdate: "CASCADE",
            extra: "",
          },
        },
        otherObjects: [],
      };
    }
  }

  return { schema: { tables, enums, otherObjects: [] }, unsupported };
}

// ---------------------------------------------------------------------------
// Actual side: the catalog of a live database.

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

const FK_ACTIONS: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

/** Reads the tables, columns, indexes, constraints, enums and other objects of one PostgreSQL schema. */
export async function introspectDatabase(client: pg.ClientBase, schemaName = "public"): Promise<SchemaShape> {
  // format_type() qualifies types outside the search path; keep enum names bare.
  await client.query(`SET search_path TO ${client.escapeIdentifier(schemaName)}`);
  const tables: Record<string, TableShape> = {};
  const otherObjects: string[] = [];
  const table = (name: string): TableShape | undefined => tables[name];

  const relations = await client.query<{ relname: string; relkind: string }>(
    `SELECT c.relname, c.relkind
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      ORDER BY c.relname`,
    [schemaName],
  );
  const kinds: Record<string, string> = { v: "view", m: "materialized view", f: "foreign table" };
  for (const r of relations.rows) {
    if (r.relname === MIGRATIONS_TABLE) continue;
    if (r.relkind === "r" || r.relkind === "p") {
      tables[r.relname] = { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {}, otherObjects: [] };
    } else {
      otherObjects.push(`${kinds[r.relkind]} ${quote(r.relname)}`);
    }
  }

  const columns = await client.query<{
    table_name: string;
    column_name: string;
    type: string;
    nullable: boolean;
    default_expr: string | null;
    attidentity: string;
    attgenerated: string;
  }>(
    `SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default_expr,
            a.attidentity::text AS attidentity, a.attgenerated::text AS attgenerated
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
    [schemaName],
  );
  for (const c of columns.rows) {
    const t = table(c.table_name);
    if (!t) continue;
    let def = c.default_expr;
    if (c.attidentity === "a") def = "GENERATED ALWAYS AS IDENTITY";
    else if (c.attidentity === "d") def = "GENERATED BY DEFAULT AS IDENTITY";
    else if (c.attgenerated === "s") def = `GENERATED ALWAYS AS (${c.default_expr}) STORED`;
    else if (c.attgenerated === "v") def = `GENERATED ALWAYS AS (${c.default_expr}) VIRTUAL`;
    t.columns[c.column_name] = { type: c.type.replace(/"/g, ""), nullable: c.nullable, default: def };
  }

  const indexes = await client.query<{
    table_name: string;
    index_name: string;
    indisunique: boolean;
    indisprimary: boolean;
    indisexclusion: boolean;
    method: string;
    predicate: string | null;
    nkeys: number;
    columns: string[];
    options: number[];
    opclasses: string[];
  }>(
    `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique, ix.indisprimary, ix.indisexclusion,
            am.amname AS method, pg_get_expr(ix.indpred, ix.indrelid) AS predicate, ix.indnkeyatts::int AS nkeys,
            ARRAY(SELECT CASE WHEN ix.indkey[k - 1] = 0
                              THEN '(' || pg_get_indexdef(ix.indexrelid, k, true) || ')'
                              ELSE (SELECT quote_ident(a.attname) FROM pg_attribute a
                                     WHERE a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k - 1]) END
                    FROM generate_series(1, ix.indnatts) AS k ORDER BY k)::text[] AS columns,
            ARRAY(SELECT ix.indoption[k - 1]::int FROM generate_series(1, ix.indnkeyatts) AS k ORDER BY k) AS options,
            ARRAY(SELECT CASE WHEN oc.opcdefault THEN '' ELSE oc.opcname::text END
                    FROM generate_series(1, ix.indnkeyatts) AS k
                    JOIN pg_opclass oc ON oc.oid = ix.indclass[k - 1] ORDER BY k)::text[] AS opclasses
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = $1 AND t.relkind IN ('r', 'p')
      ORDER BY t.relname, i.relname`,
    [schemaName],
  );
  for (const ix of indexes.rows) {
    const t = table(ix.table_name);
    if (!t || ix.indisprimary || ix.indisexclusion) continue;
    const keyColumns = ix.columns.slice(0, ix.nkeys).map((col, i) => {
      const option = ix.options[i] ?? 0;
      const desc = (option & 1) !== 0;
      const nullsFirst = (option & 2) !== 0;
      let spec = col.startsWith('"') || col.startsWith("(") ? col : quote(col);
      if (desc) spec += " DESC";
      if (nullsFirst !== desc) spec += nullsFirst ? " NULLS FIRST" : " NULLS LAST";
      if (ix.opclasses[i]) spec += ` ${ix.opclasses[i]}`;
      return spec;
    });
    t.indexes[ix.index_name] = {
      unique: ix.indisunique,
      columns: keyColumns,
      method: ix.method,
      predicate: ix.predicate,
      include: ix.columns.slice(ix.nkeys),
    };
  }

  const constraints = await client.query<{
    table_name: string;
    name: string;
    contype: string;
    definition: string;
    confupdtype: string;
    confdeltype: string;
    confmatchtype: string;
    condeferrable: boolean;
    columns: string[];
    ref_table: string | null;
    ref_schema: string | null;
    ref_columns: string[];
  }>(
    `SELECT t.relname AS table_name, con.conname AS name, con.contype::text AS contype,
            pg_get_constraintdef(con.oid, true) AS definition,
            con.confupdtype::text AS confupdtype, con.confdeltype::text AS confdeltype,
            con.confmatchtype::text AS confmatchtype, con.condeferrable,
            ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                   ORDER BY k.ord)::text[] AS columns,
            rt.relname AS ref_table, rn.nspname AS ref_schema,
            ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                   ORDER BY k.ord)::text[] AS ref_columns
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_class rt ON rt.oid = con.confrelid
       LEFT JOIN pg_namespace rn ON rn.oid = rt.relnamespace
      WHERE n.nspname = $1 AND t.relkind IN ('r', 'p')
      ORDER BY t.relname, con.conname`,
    [schemaName],
  );
  for (const con of constraints.rows) {
    const t = table(con.table_name);
    if (!t) continue;
    switch (con.contype) {
      case "p":
        t.primaryKey = { name: con.name, columns: con.columns };
        break;
      case "f": {
        const extra: string[] = [];
        if (con.confmatchtype === "f") extra.push("MATCH FULL");
        if (con.confmatchtype === "p") extra.push("MATCH PARTIAL");
        if (con.condeferrable) extra.push("DEFERRABLE");
        t.foreignKeys[con.name] = {
          columns: con.columns,
          referencedTable: con.ref_schema === schemaName ? con.ref_table! : `${con.ref_schema}.${con.ref_table}`,
          referencedColumns: con.ref_columns,
          onDelete: FK_ACTIONS[con.confdeltype] ?? con.confdeltype,
          onUpdate: FK_ACTIONS[con.confupdtype] ?? con.confupdtype,
          extra: extra.join(" "),
        };
        break;
      }
      case "u": // backed by a unique index, compared as one
      case "n": // PostgreSQL 18 NOT NULL constraints, compared as column nullability
        break;
      default:
        t.otherObjects.push(`constraint ${quote(con.name)} (${con.definition})`);
    }
  }

  const triggers = await client.query<{ table_name: string; name: string }>(
    `SELECT c.relname AS table_name, tg.tgname AS name
       FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND NOT tg.tgisinternal
      ORDER BY c.relname, tg.tgname`,
    [schemaName],
  );
  for (const tg of triggers.rows) table(tg.table_name)?.otherObjects.push(`trigger ${quote(tg.name)}`);

  const enums = await client.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name,
            ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 AND t.typtype = 'e'
      ORDER BY t.typname`,
    [schemaName],
  );

  // Sequences must belong to a column whose default uses them (Prisma's SERIAL); identity sequences are internal.
  const sequences = await client.query<{
    name: string;
    owner_table: string | null;
    owner_column: string | null;
    deptype: string | null;
  }>(
    `SELECT s.relname AS name, ot.relname AS owner_table, oa.attname AS owner_column, d.deptype::text AS deptype
       FROM pg_class s
       JOIN pg_namespace n ON n.oid = s.relnamespace
       LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
                            AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       LEFT JOIN pg_class ot ON ot.oid = d.refobjid
       LEFT JOIN pg_attribute oa ON oa.attrelid = d.refobjid AND oa.attnum = d.refobjsubid
      WHERE n.nspname = $1 AND s.relkind = 'S'
      ORDER BY s.relname`,
    [schemaName],
  );
  for (const s of sequences.rows) {
    if (s.deptype === "i") continue;
    if (s.owner_table === MIGRATIONS_TABLE) continue;
    const ownerDefault =
      s.owner_table && s.owner_column ? tables[s.owner_table]?.columns[s.owner_column]?.default : null;
    if (!ownerDefault || !/^nextval\(/i.test(ownerDefault)) {
      const owner = s.owner_table ? `, owned by ${quote(s.owner_table)}.${quote(s.owner_column ?? "?")}` : "";
      otherObjects.push(`sequence ${quote(s.name)}${owner} not used as a column default`);
    }
  }

  return {
    tables,
    enums: Object.fromEntries(enums.rows.map((e) => [e.name, e.values])),
    otherObjects,
  };
}

// ---------------------------------------------------------------------------
// Comparison.

/** Strips `::type` casts outside string literals, folds case and whitespace outside literals. */
function normalizeExpression(expr: string): string {
  const castRe = new RegExp(
    [
      '^::(?:"(?:[^"]|"")*"|[a-z_][a-z0-9_.]*)', // the type name, quoted or not
      String.raw`(?:\(\s*\d+(?:\s*,\s*\d+)*\s*\))?`, // a modifier: (3), (10, 2)
      // names that go on after a space: timestamp with time zone, character varying(20), double precision
      String.raw`(?:\s+(?:with|without)\s+time\s+zone|\s+varying(?:\(\s*\d+\s*\))?|\s+precision)?`,
      String.raw`(?:\[\])*`, // array dimensions
    ].join(""),
    "i",
  );
  let out = "";
  let i = 0;
  while (i < expr.length) {
    const ch = expr[i]!;
    if (ch === "'") {
      let j = i + 1;
      while (j < expr.length) {
        if (expr[j] === "'" && expr[j + 1] === "'") j += 2;
        else if (expr[j] === "'") break;
        else j += 1;
      }
      out += expr.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === ":" && expr[i + 1] === ":") {
      const m = castRe.exec(expr.slice(i));
      if (m) {
        i += m[0].length;
        continue;
      }
    }
    if (/\s/.test(ch)) {
      if (!out.endsWith(" ")) out += " ";
      i += 1;
      continue;
    }
    out += ch.toLowerCase();
    i += 1;
  }
  out = out.trim().replace(/\(\s+/g, "(").replace(/\s+\)/g, ")");
  // A lone literal compares by value: '-1'::integer prints as '-1', Prisma renders -1.
  const literal = /^'((?:[^']|'')*)'$/.exec(out);
  if (literal) out = literal[1]!.replace(/''/g, "'");
  if (out === "now()" || out === "current_timestamp") out = "current_timestamp";
  return out;
}

function defaultsMatch(expected: string | null, actual: string | null, type: string): boolean {
  if (expected === null || actual === null) return expected === actual;
  if (expected === "autoincrement()") return /^nextval\(/i.test(actual);
  if (expected === "dbgenerated()") return true;
  const e = normalizeExpression(expected);
  const a = normalizeExpression(actual);
  if (e === a) return true;
  if (type.startsWith("timestamp") || type === "date") {
    const te = Date.parse(e.replace(" ", "T"));
    const ta = Date.parse(a.replace(" ", "T"));
    if (!Number.isNaN(te) && te === ta) return true;
  }
  return false;
}

function describeColumn(c: ColumnShape): string {
  return `${c.type}${c.nullable ? " NULL" : " NOT NULL"}${c.default !== null ? ` DEFAULT ${c.default}` : ""}`;
}

function describeIndex(ix: IndexShape): string {
  let s =
    `${ix.unique ? "UNIQUE INDEX" : "INDEX"}${ix.method !== "btree" ? ` USING ${ix.method}` : ""} ` +
    `(${ix.columns.join(", ")})`;
  if (ix.include.length) s += ` INCLUDE (${ix.include.join(", ")})`;
  if (ix.predicate) s += ` WHERE ${ix.predicate}`;
  return s;
}

function describeForeignKey(fk: ForeignKeyShape): string {
  const cols = fk.columns.map(quote).join(", ");
  const refs = fk.referencedColumns.map(quote).join(", ");
  return (
    `FOREIGN KEY (${cols}) REFERENCES ${quote(fk.referencedTable)}(${refs}) ON DELETE ${fk.onDelete} ` +
    `ON UPDATE ${fk.onUpdate}` +
    (fk.extra ? ` ${fk.extra}` : "")
  );
}

function describePrimaryKey(pk: PrimaryKeyShape): string {
  return `PRIMARY KEY (${pk.columns.map(quote).join(", ")})`;
}

const sorted = (o: Record<string, unknown>) => Object.keys(o).sort();
const SCHEMA = "schema.prisma";

/**
 * Every difference between what schema.prisma declares and what the database
 * has, as readable sentences; empty when they agree.
 */
export function compareSchemas(expected: SchemaShape, actual: SchemaShape): string[] {
  const diffs: string[] = [];
  const missing = (what: string, detail?: string) =>
    diffs.push(`${what}${detail ? ` ${detail}` : ""} is declared in ${SCHEMA} but missing from the database`);
  const extra = (what: string, detail?: string) =>
    diffs.push(`${what}${detail ? ` ${detail}` : ""} exists in the database but not in ${SCHEMA}`);
  const differs = (what: string, aspect: string, e: string, a: string) =>
    diffs.push(`${what} differs in ${aspect}: ${SCHEMA} has ${e}, the database has ${a}`);

  for (const name of [...new Set([...sorted(expected.enums), ...sorted(actual.enums)])].sort()) {
    const e = expected.enums[name];
    const a = actual.enums[name];
    const what = `enum ${quote(name)}`;
    if (!a) missing(what, `(${e!.join(", ")})`);
    else if (!e) extra(what, `(${a.join(", ")})`);
    else if (e.join("\u0000") !== a.join("\u0000")) differs(what, "values", `(${e.join(", ")})`, `(${a.join(", ")})`);
  }

  for (const tableName of [...new Set([...sorted(expected.tables), ...sorted(actual.tables)])].sort()) {
    const e = expected.tables[tableName];
    const a = actual.tables[tableName];
    const t = quote(tableName);
    if (!a) {
      missing(`table ${t}`);
      continue;
    }
    if (!e) {
      extra(`table ${t}`, `(columns: ${Object.keys(a.columns).map(quote).join(", ")})`);
      continue;
    }

    for (const col of [...new Set([...sorted(e.columns), ...sorted(a.columns)])].sort()) {
      const ec = e.columns[col];
      const ac = a.columns[col];
      const what = `column ${t}.${quote(col)}`;
      if (!ac) {
        missing(what, `(${describeColumn(ec!)})`);
        continue;
      }
      if (!ec) {
        extra(what, `(${describeColumn(ac)})`);
        continue;
      }
      if (ec.type !== ac.type) differs(what, "type", ec.type, ac.type);
      if (ec.nullable !== ac.nullable) {
        differs(what, "nullability", ec.nullable ? "NULL" : "NOT NULL", ac.nullable ? "NULL" : "NOT NULL");
      }
      if (!defaultsMatch(ec.default, ac.default, ec.type)) {
        differs(what, "default", ec.default ?? "no default", ac.default ?? "no default");
      }
    }

    const epk = e.primaryKey;
    const apk = a.primaryKey;
    if (epk && !apk) missing(`primary key ${t}.${quote(epk.name)}`, describePrimaryKey(epk));
    else if (!epk && apk) extra(`primary key ${t}.${quote(apk.name)}`, describePrimaryKey(apk));
    else if (epk && apk) {
      if (epk.name !== apk.name) differs(`primary key of ${t}`, "name", quote(epk.name), quote(apk.name));
      if (epk.columns.join() !== apk.columns.join()) {
        differs(`primary key of ${t}`, "columns", describePrimaryKey(epk), describePrimaryKey(apk));
      }
    }

    for (const name of [...new Set([...sorted(e.indexes), ...sorted(a.indexes)])].sort()) {
      const ei = e.indexes[name];
      const ai = a.indexes[name];
      const what = `index ${t}.${quote(name)}`;
      if (!ai) missing(what, describeIndex(ei!));
      else if (!ei) extra(what, describeIndex(ai));
      else if (describeIndex(ei) !== describeIndex(ai))
        differs(what, "definition", describeIndex(ei), describeIndex(ai));
    }

    for (const name of [...new Set([...sorted(e.foreignKeys), ...sorted(a.foreignKeys)])].sort()) {
      const ef = e.foreignKeys[name];
      const af = a.foreignKeys[name];
      const what = `foreign key ${t}.${quote(name)}`;
      if (!af) missing(what, describeForeignKey(ef!));
      else if (!ef) extra(what, describeForeignKey(af));
      else if (describeForeignKey(ef) !== describeForeignKey(af)) {
        differs(what, "definition", describeForeignKey(ef), describeForeignKey(af));
      }
    }

    for (const other of a.otherObjects) extra(`${other} on table ${t}`);
  }

  for (const other of actual.otherObjects) extra(other);
  return diffs;
}

export interface SchemaDriftOptions {
  /** Prisma schema text; defaults to the contents of `schemaPath`. */
  schemaText?: string;
  /** Defaults to this repo's prisma/schema.prisma. */
  schemaPath?: string;
}

/**
 * Compares schema.prisma with the database at `connectionString` (its
 * `?schema=` parameter, default public). Returns the differences; empty means
 * the database is exactly what `prisma migrate` would build from schema.prisma.
 */
export async function findSchemaDrift(connectionString: string, opts: SchemaDriftOptions = {}): Promise<string[]> {
  const schemaText = opts.schemaText ?? readFileSync(opts.schemaPath ?? DEFAULT_PRISMA_SCHEMA_PATH, "utf8");
  const { schema: expected, unsupported } = expectedSchemaFromPrisma(schemaText);
  const client = new pg.Client({ connectionString });
  client.on("error", () => {});
  await client.connect();
  try {
    const actual = await introspectDatabase(client, schemaFromConnectionString(connectionString));
    return [...unsupported.map((u) => `unsupported: ${u}`), ...compareSchemas(expected, actual)];
  } finally {
    await client.end().catch(() => {});
  }
}
