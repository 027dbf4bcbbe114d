import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/client.ts'
import { fieldErrors } from './fieldErrors.ts'

const problem = (errors: Array<{ field: string; code: string; message: string }>) =>
  new ApiError(400, 'VALIDATION', { type: 'about:blank', title: '参数错误', status: 400, code: 'VALIDATION', errors })

describe('fieldErrors', () => {
  it('should key the server’s messages by top-level body field, first one winning', () => {
    expect(
      fieldErrors(
        problem([
          { field: 'body.rrule', code: 'rrule_no_visits', message: '没有任何服务日' },
          { field: 'body.addons.0.code', code: 'unknown', message: '附加项不存在' },
          { field: 'body.rrule', code: 'other', message: '第二条' },
        ]),
      ),
    ).toEqual({ rrule: '没有任何服务日', addons: '附加项不存在' })
  })
  it('should give nothing for other failures', () => {
    expect(fieldErrors(new TypeError('Failed to fetch'))).toEqual({})
    expect(fieldErrors(new ApiError(409, 'SLOT_TAKEN', null))).toEqual({})
  })
})
