import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import { CommonError } from '../errors.ts'
import { ifMatchVersions, requireListedVersion } from './if-match.ts'

const read = (header: string | undefined) =>
  ifMatchVersions({ headers: { 'if-match': header } } as FastifyRequest)

/** The refusal of a header that is not a list of tags: 400 naming it. */
const malformed = (header: string) => {
  try {
    read(header)
  } catch (error) {
    return error instanceof CommonError ? { status: error.status, fields: error.fields } : error
  }
  return 'read as a condition'
}

describe('If-Match', () => {
  it('should read one version, a weak one, or a list of them (RFC 9110: any listed tag matches)', () => {
    expect(read('"3"')).toEqual([3])
    expect(read('W/"3"')).toEqual([3])
    expect(read('"3", "4"')).toEqual([3, 4])
    expect(read('"3",W/"4" ,\t"5"')).toEqual([3, 4, 5])
    // Empty elements are skipped, as a recipient must; two header lines arrive joined by a comma.
    expect(read('"3", , "4",')).toEqual([3, 4])
  })

  it('should read no header, an empty one, or * as no condition', () => {
    expect(read(undefined)).toBeUndefined()
    expect(read('')).toBeUndefined()
    expect(read('*')).toBeUndefined()
  })

  it('should let a tag this server never writes match no version, without hiding the others', () => {
    expect(read('"03"')).toEqual([])
    expect(read('"03", "4"')).toEqual([4])
  })

  it('should refuse what is not a list of this server’s tags with 400 naming headers.if-match', () => {
    for (const header of [
      '3',
      '"3',
      '"abc"',
      '"3", "abc"',
      '"3" "4"',
      '"3";"4"',
      '"3", *',
      '*, "3"',
      'w/"3"',
      `"${'9'.repeat(16)}"`,
      ',',
      ' , ',
    ])
      expect(malformed(header), header).toEqual({
        status: 400,
        fields: [{ field: 'headers.if-match', code: 'invalid_if_match' }],
      })
  })

  it('should refuse a write unless the record’s version is listed, with 412 naming headers.if-match', () => {
    expect(() => requireListedVersion(undefined, 7)).not.toThrow()
    expect(() => requireListedVersion([6, 7], 7)).not.toThrow()
    for (const listed of [[6], [], [6, 8]]) {
      let refusal: unknown
      try {
        requireListedVersion(listed, 7)
      } catch (error) {
        refusal = error
      }
      expect(refusal).toBeInstanceOf(CommonError)
      expect(refusal).toMatchObject({
        code: 'VERSION_MISMATCH',
        status: 412,
        fields: [{ field: 'headers.if-match', code: 'version_mismatch' }],
      })
    }
  })
})
