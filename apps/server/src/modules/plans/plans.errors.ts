import { defineErrors } from '../../platform/errors.ts'

export const PlanError = defineErrors('PlanError', {
  VISIT_SKIPPED: {
    status: 409,
    zh: '这次服务已跳过，不能改约',
    en: 'This visit was skipped and cannot be moved',
  },
  INVALID_RECURRENCE: {
    status: 400,
    zh: '重复规则无效：{reasonZh}',
    en: 'The recurrence rule cannot be used: {reasonEn}',
  },
  INVALID_PLAN_ACTION: {
    status: 409,
    zh: '计划{statusZh}，不能{actionZh}',
    en: 'A plan that is {planStatus} cannot be {actionEn}',
  },
  NOT_A_PLAN_DATE: {
    status: 400,
    zh: '该日期不是本计划的服务日',
    en: 'That date is not one of the plan’s visits',
  },
  VISIT_IN_PAST: { status: 400, zh: '该次服务已过，不能更改', en: 'That visit has passed' },
  VISIT_NOT_RETRYABLE: {
    status: 409,
    zh: '只有暂无服务人员的服务日可以重新预约，且计划须在进行中',
    en: 'Only a visit no worker could take, in an active plan, can be tried again',
  },
  PLAN_CONTINUED: {
    status: 409,
    zh: '该计划已由后续计划接续，请在后续计划上更改重复规则',
    en: 'This plan was carried on by a later one; change the recurrence there',
  },
  WINDOW_PASSED: {
    status: 400,
    zh: '今天的这个时段已过，请选择更晚的时段',
    en: 'Today’s window has passed: choose a later one',
  },
  DISCOUNT_LIMITS_LENGTH: {
    status: 400,
    zh: '本计划享有 {percent}% 的系列折扣，自行更改最多保留剩余的 {left} 次；如需延长请联系客服',
    en: 'This plan has a {percent}% series discount: a change of your own keeps at most the {left} visits left; ask us to extend it',
  },
  DAY_HAS_VISIT: {
    status: 409,
    zh: '本计划在 {date} 已有一次上门，请选择其他日期',
    en: 'The plan already has a visit on {date}: choose another date',
  },
  VISIT_NOT_CHANGEABLE: {
    status: 409,
    zh: '该次服务已开始或已取消，不能更改',
    en: 'That visit has started or is cancelled; it cannot change',
  },
})
