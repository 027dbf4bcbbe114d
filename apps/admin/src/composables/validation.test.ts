import { describe, expect, it } from 'vitest'
import {
  ChangePasswordRequest,
  CreateProjectRequest,
  CreateRoleRequest,
  CreateServiceItemRequest,
  CreateUserRequest,
} from '@doorstep/contracts'
import { coordinateRule, explain, schemaRule } from './validation.ts'

const t = (key: string, params: Record<string, unknown> = {}) =>
  Object.keys(params).length ? `${key}(${JSON.stringify(params)})` : key

describe('explain (the console checks fields with the API contracts)', () => {
  it('should name the contract rule a login breaks', () => {
    expect(explain(CreateUserRequest.shape.login, '9lives', t)).toBe('validation.invalid_login')
    expect(explain(CreateUserRequest.shape.login, 'zhang.wei', t)).toBeNull()
  })

  it('should explain weak and short passwords separately', () => {
    const password = ChangePasswordRequest.shape.newPassword
    expect(explain(password, 'abc1', t)).toBe('validation.password_too_short')
    expect(explain(password, 'abcdefghijkl', t)).toBe('validation.password_too_weak')
    expect(explain(password, 'abcdefghij12', t)).toBeNull()
  })

  it('should call an empty required text required, and say the maximum of a long one', () => {
    expect(explain(CreateRoleRequest.shape.name, '', t)).toBe('validation.required')
    expect(explain(CreateRoleRequest.shape.name, 'x'.repeat(61), t)).toBe(
      'validation.tooLong({"max":60})',
    )
  })

  it('should check phones and project codes', () => {
    expect(explain(CreateUserRequest.shape.phone, '12345', t)).toBe('validation.invalid_phone')
    expect(explain(CreateUserRequest.shape.phone, '13800138000', t)).toBeNull()
    expect(explain(CreateProjectRequest.shape.code, 'a b', t)).toBe('validation.invalid_code')
  })
})

describe('schemaRule', () => {
  const run = (rule: ReturnType<typeof schemaRule>, value: unknown) =>
    new Promise<string | undefined>((resolve) => {
      const validator = rule.validator as (r: unknown, v: unknown, cb: (e?: Error) => void) => void
      validator({}, value, (error) => resolve(error?.message))
    })

  it('should pass an empty optional field and still check a filled one', async () => {
    const rule = schemaRule(CreateUserRequest.shape.phone, t, { optional: true })
    await expect(run(rule, '')).resolves.toBeUndefined()
    await expect(run(rule, '123')).resolves.toBe('validation.invalid_phone')
  })

  it('should say what to do with an empty field, and the format of a wrong one', async () => {
    const code = schemaRule(CreateServiceItemRequest.shape.code, t, {
      required: true,
      empty: 'catalog.codeRequired',
    })
    expect(code.required).toBe(true)
    await expect(run(code, '')).resolves.toBe('catalog.codeRequired')
    await expect(run(code, '  ')).resolves.toBe('catalog.codeRequired')
    await expect(run(code, 'deep clean')).resolves.toBe('validation.invalid_item_code')
    await expect(run(code, 'deep-clean')).resolves.toBeUndefined()
  })

  it('should ask for a missing coordinate by name and give the range of one outside it', async () => {
    await expect(run(coordinateRule('lat', t), null)).resolves.toBe('validation.latRequired')
    await expect(run(coordinateRule('lng', t), undefined)).resolves.toBe('validation.lngRequired')
    await expect(run(coordinateRule('lat', t), 91)).resolves.toBe(
      'validation.latRange({"min":-90,"max":90})',
    )
    await expect(run(coordinateRule('lng', t), -180)).resolves.toBeUndefined()
  })
})
