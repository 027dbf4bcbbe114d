import { defineErrors } from '../../platform/errors.ts'

export const TenancyError = defineErrors('TenancyError', {
  SLUG_TAKEN: { status: 409, zh: '该公司标识已被使用', en: 'That tenant slug is taken' },
  PROJECT_CODE_TAKEN: { status: 409, zh: '项目编码已存在', en: 'A project with that code exists' },
})
