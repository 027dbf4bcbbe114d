import { describe, expect, it } from 'vitest'
import { CommonError, entityNames } from './errors.ts'

const CJK = /[\u4e00-\u9fff]/
const entities = Object.keys(entityNames) as Array<keyof typeof entityNames>

describe('NOT_FOUND', () => {
  it.each(entities)('should name %s in Chinese in zh-CN and in English in en', (entity) => {
    const error = new CommonError('NOT_FOUND', { entity })
    const { zh, en } = entityNames[entity]
    expect(zh).toMatch(CJK)
    expect(en).not.toMatch(CJK)
    expect(error.localized('zh-CN')).toBe(`找不到该${zh}`)
    expect(error.localized('zh-CN')).not.toContain(en)
    expect(error.localized('en')).toBe(`That ${en} was not found`)
    expect(error.message).toBe(`NOT_FOUND: That ${en} was not found`)
  })

  it('should keep the entity key in its params for the problem body', () => {
    expect(new CommonError('NOT_FOUND', { entity: 'service item' }).params).toEqual({
      entity: 'service item',
    })
  })

  it('should say "not found" in one language when the entity has no name', () => {
    // @ts-expect-error the types take only the keys of entityNames, so the compiler catches a new entity
    const error = new CommonError('NOT_FOUND', { entity: 'gadget' })
    expect(error.localized('zh-CN')).toBe('找不到该记录')
    expect(error.localized('en')).toBe('Not found')
    // @ts-expect-error a NOT_FOUND must say what was not found
    expect(new CommonError('NOT_FOUND').localized('zh-CN')).toBe('找不到该记录')
    // @ts-expect-error inherited properties of the table are not names either
    expect(new CommonError('NOT_FOUND', { entity: 'toString' }).localized('en')).toBe('Not found')
  })

  it('should name a missing permission as the role editor does, not by its code', () => {
    const error = new CommonError('FORBIDDEN', { permission: 'dispatch:manage' })
    expect(error.localized('zh-CN')).toBe('您没有执行此操作的权限（需要“派单与调度”）')
    expect(error.params.permission).toBe('dispatch:manage')
  })

})
