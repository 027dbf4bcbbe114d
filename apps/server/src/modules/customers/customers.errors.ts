import { defineErrors } from '../../platform/errors.ts'

export const CustomerError = defineErrors('CustomerError', {
  DUPLICATE_CUSTOMER: {
    status: 409,
    zh: '该手机号已是客户（{name}）',
    en: 'A customer with this phone exists ({name})',
  },
  PHONE_OF_HIDDEN_CUSTOMER: {
    status: 409,
    zh: '该手机号已是其他项目的客户，您无权查看；请联系可查看全部项目的同事为其添加地址',
    en: 'This phone belongs to a customer of a project you cannot see; ask a colleague with access to every project to add the address',
  },
  OUTSIDE_SERVICE_AREA: {
    status: 422,
    zh: '该地址不在任何服务区域内',
    en: 'This address is outside every service area',
  },
  TOO_MANY_ADDRESSES: {
    status: 409,
    zh: '每位客户最多保存 {max} 个地址，请先删除不用的地址',
    en: 'A customer keeps at most {max} addresses: remove one no longer used first',
  },
  PROJECT_CLOSED: {
    status: 409,
    zh: '该地址所属的项目已停用，不再接受新的预约',
    en: 'The project serving this address is deactivated and takes no new bookings',
  },
  ADDRESS_HAS_ORDERS: {
    status: 409,
    zh: '该地址还有未完成的订单：{orderNos}。订单完成或取消前，地址不能删除，位置不能修改（可以新增一个地址）',
    en: 'Open orders still go to this address: {orderNos}. Until they are finished or cancelled it cannot be removed or moved (add a new address instead)',
  },
  ADDRESS_HAS_PLANS: {
    status: 409,
    zh: '该地址还有 {plans} 个未结束的周期服务。结束前，地址不能删除，位置不能修改（可以新增一个地址）',
    en: '{plans} recurring plan(s) still go to this address. Until they end it cannot be removed or moved (add a new address instead)',
  },
  ADDRESS_HAS_COMPLAINTS: {
    status: 409,
    zh: '该地址还有 {complaints} 个未结案的投诉（返工会上门到这里）。结案前，地址不能删除，位置不能修改',
    en: '{complaints} open complaint(s) concern this address (a rework goes there). Until they close it cannot be removed or moved',
  },
  ADDRESS_OUT_OF_SCOPE: {
    status: 403,
    zh: '该地址所在的项目不在您的管理范围内',
    en: 'This address is in a project you do not manage',
  },
  UNKNOWN_WORKER: {
    status: 400,
    zh: '没有这位服务人员',
    en: 'No such worker',
  },
  UNKNOWN_SERVICE: {
    status: 400,
    zh: '没有这个服务项目',
    en: 'No such service',
  },
  UNKNOWN_ADDRESS: {
    status: 400,
    zh: '地址不属于该客户',
    en: 'That address does not belong to the customer',
  },
})
