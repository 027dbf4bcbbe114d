import { describe, expect, it } from 'vitest'
import { UpdateRoleRequest } from './access.ts'
import { UpdateCustomerRequest, UpdateServiceItemRequest, UpdateWorkerRequest } from './ordering.ts'

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
