import { defineErrors } from '../../platform/errors.ts'

export const CustomerError = defineErrors('CustomerError', {
  DUPLICATE_CUSTOMER: {
    status: 409,
    zh: '该手机号已是客户（{name}）',
    en: 'A customer with this phone exists ({name})',
  },
  OUTSIDE_SERVICE_AREA: {
    status: 422,
    zh: '该地址不在任何服务区域内',
    en: 'This address is outside every service area',
  },
  UNKNOWN_ADDRESS: {
    status: 400,
    zh: '地址不属于该客户',
    en: 'That address does not belong to the customer',
  },
})
