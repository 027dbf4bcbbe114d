import fs from 'node:fs'
import path from 'node:path'

/**
 * A migration's data statements (its UPDATEs and INSERTs), to run again on rows a test made as they were before
 * it: the migration test applies every migration to an empty database, where a backfill touches nothing. The
 * lifting of row-level security is left out; a test runs them inside its tenant's transaction instead.
 */
export function migrationDataStatements(tag: string): string[] {
  const file = path.resolve(import.meta.dirname, `../../migrations/${tag}.sql`)
  return fs
    .readFileSync(file, 'utf8')
    .split('--> statement-breakpoint')
    .map((statement) => statement.replace(/^--.*$/gm, '').trim())
    .filter((statement) => /^(UPDATE|INSERT)\b/.test(statement))
}
