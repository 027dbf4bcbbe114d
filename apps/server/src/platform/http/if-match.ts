import type { FastifyRequest } from 'fastify'
import { CommonError } from '../errors.ts'

/**
 * The versions an `If-Match` lists (`"3"`, or `"3", "4"`), or undefined when any version will do: none sent, or
 * `*`. A service refuses the write unless the record's version is listed (`requireListedVersion`).
 */
export type IfMatch = readonly number[] | undefined

/**
 * One element of the list (RFC 9110's `#entity-tag`): a quoted tag, optionally weak, then a comma or the end.
 * Elements left empty (`"3", , "4"`) are skipped, as the RFC asks of a recipient. Sticky: read from `lastIndex`.
 */
const LISTED_TAG = /[ \t]*(?:(?:W\/)?"([^"]*)")?[ \t]*(,|$)/y

/** The versions the client read (`If-Match: "3"`, or a list), or undefined when it sent none. */
export function ifMatchVersions(request: FastifyRequest): IfMatch {
  const header = request.headers['if-match']
  if (!header) return undefined
  const written = String(header).trim()
  // HTTP's "any version": the same as no condition.
  if (written === '*') return undefined
  const malformed = () =>
    new CommonError('INVALID_IF_MATCH', {}, [
      { field: 'headers.if-match', code: 'invalid_if_match' },
    ])
  const versions: number[] = []
  let tags = 0
  LISTED_TAG.lastIndex = 0
  for (;;) {
    const element = LISTED_TAG.exec(written)
    // Not a tag (unquoted, `*` within a list, text after a tag): a malformed request, not someone else's change.
    if (!element) throw malformed()
    const opaque = element[1]
    if (opaque !== undefined) {
      tags++
      // This server's tags are versions in digits (15 stay exact numbers); any other is not one it wrote.
      if (!/^\d{1,15}$/.test(opaque)) throw malformed()
      // This server writes strong tags only; a W/ in front is a compressing proxy's (nginx weakens what it
      // gzips), and the client sends back what it was given. A tag it never writes ("03") matches no version.
      if (String(Number(opaque)) === opaque) versions.push(Number(opaque))
    }
    // The end; after a comma the next element follows (the comma moved the search on).
    if (element[2] === '') break
  }
  // Commas alone name no version: the client meant one and it was lost.
  if (tags === 0) throw malformed()
  return versions
}

/** Refuses a write made against a version other than the record's: none of the listed ones is it (412). */
export function requireListedVersion(ifMatch: IfMatch, version: number) {
  if (ifMatch !== undefined && !ifMatch.includes(version)) throw new CommonError('VERSION_MISMATCH')
}
