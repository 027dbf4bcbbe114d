import * as drizzle from 'drizzle-orm'
import {
  Param,
  Placeholder,
  fillPlaceholders,
  getTableColumns,
  getTableName,
  is,
  sql,
} from 'drizzle-orm'
import type { Query, SQLWrapper } from 'drizzle-orm'
import type { PgTable, SelectedFieldsOrdered } from 'drizzle-orm/pg-core'
import type { BuiltStatement, Executor } from './database.ts'
import { builtOf } from './database.ts'

// Row counts whose insert text is kept per table; a longer batch is built for the call (it is rare).
const MAX_PREBUILT_ROWS = 8

interface Built {
  sql: string
  /** Per parameter: the row, the column's key and the column that encodes the value for the driver. */
  slots: Array<{ row: number; key: string; encoder: Param['encoder'] }>
}

/**
 * The insert of whole rows of `table` (every column given), as a built statement to run (`runBuilt`) or leave
 * for the commit (`atCommit`). Its text is built by Drizzle once per row count; a call only encodes the values.
 * Drizzle's builder walks the whole statement tree on every call, and for the inserts of a booking that walk was
 * the largest part of its own CPU (bench/README.md, 2026-12-03 evening). Each value is encoded by its column
 * as `tx.insert(table).values(rows)` would (JSON for jsonb, ISO text for timestamps; null stays NULL); a column
 * left undefined is refused rather than given its default.
 */
export function rowsInsert<T extends PgTable>(table: T) {
  const keys = Object.keys(getTableColumns(table))
  const built = new Map<number, Built>()
  const build = (tx: Executor, count: number): Built => {
    const query = tx
      .insert(table)
      .values(
        Array.from({ length: count }, (_, i) =>
          Object.fromEntries(keys.map((k) => [k, sql.placeholder(`${i}|${k}`)])),
        ) as never,
      )
      .toSQL()
    const slots = query.params.map((p) => {
      if (!is(p, Param) || !is(p.value, Placeholder))
        throw new Error('a value the insert did not expect')
      const [row, key] = p.value.name.split('|') as [string, string]
      return { row: Number(row), key, encoder: p.encoder }
    })
    return { sql: query.sql, slots }
  }
  return (tx: Executor, rows: ReadonlyArray<T['$inferSelect']>): BuiltStatement => {
    if (rows.length === 0) throw new Error(`no rows to insert into ${getTableName(table)}`)
    if (rows.length > MAX_PREBUILT_ROWS)
      return tx
        .insert(table)
        .values(rows as never)
        .toSQL()
    let b = built.get(rows.length)
    if (!b) built.set(rows.length, (b = build(tx, rows.length)))
    const params = b.slots.map(({ row, key, encoder }) => {
      const value = (rows[row] as Record<string, unknown>)[key]
      // Drizzle would write a column's default for a missing value; this insert has none to fall back on.
      if (value === undefined) throw new Error(`no value for ${getTableName(table)}.${key}`)
      return value === null ? null : encoder.mapToDriverValue(value)
    })
    return { sql: b.sql, params }
  }
}

// What Drizzle's own `prepare()` reads off a builder to map rows (a select's fields, or what an insert, update or
// delete returns): kept at run time, not in its types.
const { orderSelectedFields } = drizzle as unknown as {
  orderSelectedFields: (fields: Record<string, unknown>) => SelectedFieldsOrdered
}
interface BuilderInternals {
  config: { fields?: Record<string, unknown>; returning?: SelectedFieldsOrdered }
  joinsNotNullableMap?: Record<string, boolean>
}

/** The placeholders of a prebuilt statement, by the names of its values. */
export type Slots<V> = { readonly [K in keyof V]-?: Placeholder<K & string> }
const slots = new Proxy({}, { get: (_, name) => sql.placeholder(String(name)) })

/**
 * A select (or a write returning rows) built by Drizzle once and run with each call's values, its rows mapped
 * as Drizzle maps them. `build` writes every value that varies as its slot (`slot.name`) and `values` gives
 * them by name (a value written into the builder directly would be the first call's for every call). A
 * statement whose shape varies — an optional condition — is one prebuilt select per shape. Drizzle walks the whole statement tree to build it, and
 * building was a quarter of a booking's server CPU (bench/README.md, 2026-12-04).
 */
export function prebuiltSelect<
  V extends Record<string, unknown>,
  B extends SQLWrapper & PromiseLike<unknown>,
>(build: (tx: Executor, slot: Slots<V>) => B): (tx: Executor, values: V) => Promise<Awaited<B>> {
  let built:
    | { query: Query; fields: SelectedFieldsOrdered; joins: Record<string, boolean> | undefined }
    | undefined
  return (tx, values) => {
    if (!built) {
      const builder = build(tx, slots as Slots<V>) as unknown as B &
        BuilderInternals & { toSQL(): Query }
      const { fields, returning } = builder.config
      if (!returning && !fields) throw new Error('a prebuilt select must return rows')
      built = {
        query: builder.toSQL(),
        fields: returning ?? orderSelectedFields(fields!),
        joins: builder.joinsNotNullableMap,
      }
    }
    const prepared = tx._.session.prepareQuery(built.query, built.fields, undefined, true)
    ;(prepared as unknown as BuilderInternals).joinsNotNullableMap = built.joins
    return prepared.execute(values) as Promise<Awaited<B>>
  }
}

/**
 * A statement — a write whose result nobody reads, to run (`runBuilt`) or leave for the commit (`atCommit`) —
 * built by Drizzle once, its slots filled with each call's values (as in `prebuiltSelect`). What Drizzle computes
 * while building — a column's `$defaultFn` or `$onUpdate` — is computed once: such a value must be a slot.
 */
export function prebuiltStatement<V extends Record<string, unknown>>(
  build: (tx: Executor, slot: Slots<V>) => SQLWrapper,
): (tx: Executor, values: V) => BuiltStatement {
  let built: BuiltStatement | undefined
  return (tx, values) => {
    built ??= builtOf(build(tx, slots as Slots<V>))
    return { sql: built.sql, params: fillPlaceholders(built.params, values) }
  }
}
