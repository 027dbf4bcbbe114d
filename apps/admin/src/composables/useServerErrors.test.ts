import { describe, expect, it } from 'vitest'
import { ApiError } from '@doorstep/api-client'
import { fieldName, useServerErrors } from './useServerErrors.ts'

const problem = (errors: Array<{ field: string; code: string; message: string }>) =>
  new ApiError(400, 'VALIDATION_FAILED', {
    type: 'x',
    title: 'Some fields are not valid',
    status: 400,
    code: 'VALIDATION_FAILED',
    errors,
  })

describe('useServerErrors', () => {
  it('should map dotted server paths to form fields', () => {
    expect(fieldName('body.login')).toBe('login')
    expect(fieldName('body.grants.3.scope')).toBe('grants')
    expect(fieldName('query.cursor')).toBe('cursor')
    expect(fieldName('body')).toBeNull()
  })

  it('should put each message next to its field and keep the first per field', () => {
    const errors = useServerErrors()
    const named = errors.apply(
      problem([
        { field: 'body.login', code: 'invalid_login', message: '登录名格式不正确' },
        { field: 'body.roleIds.0', code: 'unknown_role', message: 'first' },
        { field: 'body.roleIds.1', code: 'unknown_role', message: 'second' },
      ]),
    )
    expect(named).toBe(true)
    expect({ ...errors.fields }).toEqual({ login: '登录名格式不正确', roleIds: 'first' })
  })

  it('should prefer the console sentence for a code it knows', () => {
    const errors = useServerErrors((code) => (code === 'login_taken' ? '该登录名已被使用' : null))
    errors.apply(problem([{ field: 'body.login', code: 'login_taken', message: 'login_taken' }]))
    expect(errors.fields.login).toBe('该登录名已被使用')
  })

  it('should let a form choose the field of a nested path', () => {
    const errors = useServerErrors(undefined, (path) => (path === 'body.resolution.note' ? 'note' : null))
    const named = errors.apply(
      problem([
        { field: 'body.resolution.note', code: 'too_small', message: '请填写' },
        { field: 'body.event', code: 'invalid', message: 'x' },
      ]),
    )
    expect(named).toBe(true)
    expect({ ...errors.fields }).toEqual({ note: '请填写' })
  })

  it('should report false for failures that name no field, and clear old errors', () => {
    const errors = useServerErrors()
    errors.apply(problem([{ field: 'body.login', code: 'x', message: 'x' }]))
    expect(errors.apply(new ApiError(409, 'ROLE_BUILTIN', null))).toBe(false)
    expect({ ...errors.fields }).toEqual({})
    expect(errors.apply(new TypeError('offline'))).toBe(false)
  })
})
