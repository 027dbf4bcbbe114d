import { describe, expect, it } from 'vitest'
import { OrderQuery } from '@doorstep/contracts'
import { emptyOrderFilters, exactPhone, orderFiltersFromRoute, orderQuery } from './query.ts'

describe('orders list query', () => {
  it('should read back from the address what it wrote there, dropping what it does not know', () => {
    const filters = {
      ...emptyOrderFilters('0194f0a1-0000-7000-8000-000000000001'),
      statuses: ['pending_dispatch', 'dispatched'] as const,
      range: ['2025-03-01', '2025-03-31'] as [string, string],
      workerId: '0194f0a1-0000-7000-8000-000000000002',
      channel: 'phone' as const,
      q: 'DS2503010001',
    }
    const written = orderQuery({ ...filters, statuses: [...filters.statuses] })
    expect(orderFiltersFromRoute(written, 'header-project')).toEqual({
      ...filters,
      statuses: [...filters.statuses],
    })
    expect(
      orderFiltersFromRoute({ status: 'lost,completed', from: '2025-02-30x', channel: 'fax' }, 'p'),
    ).toEqual({ ...emptyOrderFilters('p'), statuses: ['completed'] })
    // No project named: the header's; "all": every project, though the header has one.
    expect(orderFiltersFromRoute({}, 'header').projectId).toBe('header')
    expect(orderFiltersFromRoute({ projectId: 'all' }, 'header').projectId).toBe('')
  })

  it('should leave out every empty filter', () => {
    expect(orderQuery(emptyOrderFilters())).toEqual({
      status: undefined,
      from: undefined,
      to: undefined,
      projectId: undefined,
      serviceItemId: undefined,
      workerId: undefined,
      customerId: undefined,
      channel: undefined,
      q: undefined,
    })
  })

  it('should send several statuses comma-separated and a date range, valid for the contract', () => {
    const query = orderQuery({
      ...emptyOrderFilters('0194f0a1-0000-7000-8000-000000000001'),
      statuses: ['pending_dispatch', 'dispatched'],
      range: ['2025-03-01', '2025-03-31'],
      channel: 'phone',
      q: ' 138 0013 8000 ',
    })
    expect(query.status).toBe('pending_dispatch,dispatched')
    expect(query.q).toBe('13800138000')
    expect(OrderQuery.safeParse(query).success).toBe(true)
  })

  it('should search an order number typed in full-width letters and digits as the same number', () => {
    expect(orderQuery({ ...emptyOrderFilters(), q: 'ＤＳ２６１２０８００２６' }).q).toBe('DS2612080026')
  })
  it('should search a phone typed in full-width digits as the same number', () => {
    expect(orderQuery({ ...emptyOrderFilters(), q: '１３８ ００１３ ８０００' }).q).toBe(
      '13800138000',
    )
  })

  it('should recognise an exact phone typed with spaces or dashes', () => {
    expect(exactPhone('138-0013-8000')).toBe('13800138000')
    expect(exactPhone('１３８００１３８０００')).toBe('13800138000')
    expect(exactPhone('１３８ ００１３ ８０００')).toBe('13800138000')
    expect(exactPhone('1380013800')).toBeNull()
    expect(exactPhone('张三')).toBeNull()
  })
})
