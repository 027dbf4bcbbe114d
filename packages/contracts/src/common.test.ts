import { describe, expect, it } from 'vitest'
import { IsoMoment, MobilePhone, asciiDigits, queryInt, trimBlank, trimmedText } from './common.ts'
import { UpdateRoleRequest } from './access.ts'
import {
  CustomerQuery,
  OrderQuery,
  PricingModel,
  UpdateCustomerRequest,
  UpdateServiceItemRequest,
  UpdateWorkerRequest,
} from './ordering.ts'
import { OtpRequest, PortalLoginRequest, PRIVACY_NOTICE_VERSION } from './portal.ts'

describe('PATCH bodies', () => {
  it('should leave out every field the client did not send, defaults included', () => {
    expect(UpdateRoleRequest.parse({ name: 'x' })).toEqual({ name: 'x' })
    expect(UpdateServiceItemRequest.parse({ name: 'x' })).toEqual({ name: 'x' })
    expect(UpdateCustomerRequest.parse({ notes: 'x' })).toEqual({ notes: 'x' })
    expect(UpdateWorkerRequest.parse({})).toEqual({})
  })
  it('should still validate the fields that are sent', () => {
    expect(UpdateWorkerRequest.safeParse({ skills: 'cleaning' }).success).toBe(false)
  })
})

describe('trimmedText', () => {
  const Name = trimmedText().min(1)
  it('should take white space and invisible format characters off both ends', () => {
    expect(Name.parse('\u200B 王芳\u3000\uFEFF\u200D')).toBe('王芳')
    expect(Name.parse('a\u200Db')).toBe('a\u200Db')
  })
  it('should refuse a text of only invisible characters as empty', () => {
    expect(Name.safeParse('\u200B\u200C\u2060\u00AD\u200E').success).toBe(false)
    expect(Name.safeParse('\u3164\u3164\u115F\u2800').success).toBe(false)
  })
  it('should trim a long text in time linear in its length', () => {
    const long = `a${' '.repeat(200_000)}b${' '.repeat(200_000)}`
    const started = performance.now()
    expect(trimBlank(long)).toBe(`a${' '.repeat(200_000)}b`)
    // A backtracking pattern took seconds on a fifth of this.
    expect(performance.now() - started).toBeLessThan(500)
  })
})

describe('queryInt', () => {
  const Limit = queryInt(1, 200)
  it('should read decimal digits only', () => {
    expect(Limit.parse('16')).toBe(16)
    for (const text of ['0x10', '1e1', ' 7', '7.0', '', '+5'])
      expect(Limit.safeParse(text).success).toBe(false)
  })
})

describe('IsoMoment', () => {
  it('should read a moment in UTC, whatever offset it was written with', () => {
    expect(IsoMoment.parse('2026-12-09T10:00:00+08:00')).toBe('2026-12-09T02:00:00.000Z')
  })
  it('should refuse what is no moment, or a year the database cannot hold, without throwing', () => {
    for (const text of ['x'.repeat(1000), '2026-02-30T00:00:00Z', '0000-01-01T00:00:00Z'])
      expect(IsoMoment.safeParse(text).success, text).toBe(false)
  })
})

describe('per-unit words', () => {
  const perUnit = { kind: 'per_unit', unitFen: 4000, minQuantityMilli: 1000 }
  it('should take a word of the list, and read none as items', () => {
    expect(PricingModel.parse({ ...perUnit, unit: 'pet' })).toMatchObject({ unit: 'pet' })
    expect(PricingModel.parse(perUnit)).toEqual({ ...perUnit, unit: 'item' })
    expect(UpdateServiceItemRequest.parse({ pricing: perUnit }).pricing).toMatchObject({
      unit: 'item',
    })
  })
  it('should refuse a word not on the list, naming it', () => {
    for (const unit of ['cat', '只', 'Pet', '']) {
      const issues = PricingModel.safeParse({ ...perUnit, unit }).error?.issues
      expect(issues?.map((i) => i.path)).toEqual([['unit']])
    }
  })
})

describe('MobilePhone', () => {
  it('should take a number typed in full-width digits as the same number', () => {
    expect(MobilePhone.parse('１３９００００２２２２')).toBe('13900002222')
    expect(MobilePhone.parse('139００００2222')).toBe('13900002222')
    expect(OtpRequest.parse({ phone: '１３９００００２２２２' })).toEqual({ phone: '13900002222' })
    const signIn = {
      phone: '１３９００００２２２２',
      code: '１２３４５６',
      consentVersion: PRIVACY_NOTICE_VERSION,
    }
    expect(PortalLoginRequest.parse(signIn)).toMatchObject({ phone: '13900002222', code: '123456' })
  })

  it('should still refuse what is not a mainland mobile number when digits are full-width', () => {
    expect(MobilePhone.safeParse('１２９００００２２２２').success).toBe(false)
    expect(MobilePhone.safeParse('１３９０００２２２２').success).toBe(false)
    expect(MobilePhone.safeParse('１３９ ００００ ２２２２').success).toBe(false)
  })
})

describe('search boxes', () => {
  it('should read full-width letters and digits as the order number and phone they look like', () => {
    expect(OrderQuery.parse({ q: 'ＤＳ２６１２０８００２６' }).q).toBe('DS2612080026')
    expect(CustomerQuery.parse({ q: '１３９１１１３２４１７' }).q).toBe('13911132417')
    expect(CustomerQuery.parse({ q: '李女士' }).q).toBe('李女士')
  })
})

describe('asciiDigits', () => {
  it('should convert only the full-width digits', () => {
    expect(asciiDigits('０１２３４５６７８９')).toBe('0123456789')
    expect(asciiDigits('电话：１３９-0000　２２２２')).toBe('电话：139-0000　2222')
  })
})
