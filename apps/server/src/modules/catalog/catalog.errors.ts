import { defineErrors } from '../../platform/errors.ts'

export const CatalogError = defineErrors('CatalogError', {
  CODE_TAKEN: { status: 409, zh: '服务编码已存在', en: 'A service item with that code exists' },
  UNKNOWN_CATEGORY: { status: 400, zh: '服务分类不存在', en: 'Unknown category' },
  UNKNOWN_PROJECT: { status: 400, zh: '项目不存在', en: 'Unknown project' },
  NOT_OFFERED: {
    status: 422,
    zh: '该服务未发布或在此项目不提供',
    en: 'This service is not offered here',
  },
})
