import { defineErrors } from '../../platform/errors.ts'

export const OrderError = defineErrors('OrderError', {
  INVALID_TRANSITION: {
    status: 409,
    zh: '订单{fromZh}，不能{eventZh}',
    en: 'An order that is {fromEn} cannot {eventEn}',
  },
  AMOUNT_TOO_LARGE: {
    status: 400,
    zh: '订单金额超出上限（{maxYuan} 元），请减少数量',
    en: 'The order comes to more than the limit of ¥{maxYuan}: order less',
  },
  DISCOUNT_TOO_LARGE: {
    status: 400,
    zh: '优惠不能超过服务金额（{maxYuan} 元）',
    en: 'The discount cannot be more than the service comes to (¥{maxYuan})',
  },
  SLOT_TAKEN: {
    status: 409,
    zh: '该时段已约满，请选择其他时段',
    en: 'That window was just taken; choose another',
  },
  NOT_A_WINDOW: {
    status: 400,
    zh: '请选择当天可预约的时段',
    en: 'Choose one of the day’s arrival windows',
  },
  WINDOW_IN_PAST: { status: 400, zh: '预约时段已过', en: 'That window is in the past' },
  VISIT_TOO_LONG: {
    status: 400,
    zh: '一次上门不能超过 {maxHours} 小时，请减少数量或分多次预约',
    en: 'One visit cannot take more than {maxHours} hours: book less, or several visits',
  },
  NOT_THE_ORDERS: {
    status: 400,
    zh: '与该订单的服务或地址不一致',
    en: "Not the order's own service or address",
  },
  WHOLE_UNITS_ONLY: {
    status: 400,
    zh: '按数量计价的服务请填写整数数量',
    en: 'Services priced per unit are booked in whole units',
  },
  SAME_WINDOW: {
    status: 400,
    zh: '订单已在这个时段，无需改约',
    en: 'The order is already booked in this window',
  },
  TOO_FAR_AHEAD: {
    status: 400,
    zh: '最多只能预约 {days} 天以内的日期',
    en: 'Visits can be booked at most {days} days ahead',
  },
  WORKER_REQUIRED: { status: 400, zh: '请选择服务人员', en: 'Choose a worker' },
  WORKER_UNAVAILABLE: {
    status: 409,
    zh: '该服务人员在此时段无法上门',
    en: 'That worker cannot make this window',
  },
  WORKER_NOT_HERE: {
    status: 409,
    zh: '该服务人员不服务这个项目，或已停用',
    en: 'That worker does not work in this project, or has stopped working',
  },
  WORKER_LACKS_SKILLS: {
    status: 409,
    zh: '该服务人员不具备此服务所需的技能：{skills}',
    en: 'That worker lacks the skills this service needs: {skills}',
  },
  UNKNOWN_STATUS: {
    status: 400,
    zh: '订单状态无效，可选：{statuses}',
    en: 'Not an order status; one or more of: {statuses}',
  },
  WORKER_BLOCKED: {
    status: 409,
    zh: '该客户已要求不再派此服务人员上门',
    en: 'The customer asked not to be sent that worker',
  },
  WINDOW_PASSED: {
    status: 409,
    zh: '预约的时段已过，请先改约到新的时段再派单',
    en: 'The booked window is over: reschedule it before assigning',
  },
  UNKNOWN_ADDON: { status: 400, zh: '附加项不存在', en: 'Unknown add-on' },
})
