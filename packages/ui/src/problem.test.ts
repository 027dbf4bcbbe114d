import { describe, expect, it } from 'vitest'
import { problemMessage } from './problem.ts'
import { commonMessages } from './messages.ts'

const table = commonMessages.en.problem as Record<string, string>
const t = (key: string, params: Record<string, unknown> = {}) =>
  (table[key.replace('problem.', '')] ?? key).replace(/\{(\w+)\}/g, (_, k: string) =>
    String(params[k]),
  )
const te = (key: string) => key.replace('problem.', '') in table

describe('problemMessage', () => {
  it('should prefer the server title when the server sent one', () => {
    const error = {
      status: 403,
      code: 'FORBIDDEN',
      problem: { title: '您没有执行此操作的权限（users:read）' },
    }
    expect(problemMessage(error, t, te)).toBe('您没有执行此操作的权限（users:read）')
  })

  it('should use the shared message for a known code when the body had no title', () => {
    expect(problemMessage({ status: 412, code: 'VERSION_MISMATCH', problem: null }, t, te)).toBe(
      'Someone else changed this record; reload and try again',
    )
  })

  it('should name the status for an unknown code without a body', () => {
    expect(problemMessage({ status: 502, code: 'HTTP_502', problem: null }, t, te)).toBe(
      'The request failed (502)',
    )
  })

  it('should call an error in the path a bad link, not a form to correct', () => {
    const inPath = (fields: string[]) => ({
      status: 400,
      code: 'VALIDATION_FAILED',
      problem: { title: 'Some fields are not valid', errors: fields.map((field) => ({ field })) },
    })
    expect(problemMessage(inPath(['params.id']), t, te)).toBe(table.BAD_LINK)
    expect(problemMessage(inPath(['params.id', 'body.name']), t, te)).toBe(
      'Some fields are not valid',
    )
  })

  it('should call a failed fetch a network problem', () => {
    expect(problemMessage(new TypeError('Failed to fetch'), t, te)).toBe(table.NETWORK)
  })
})
