import { defineErrors } from '../../platform/errors.ts'

export const CatalogError = defineErrors('CatalogError', {
  CODE_TAKEN: { status: 409, zh: '服务编码已存在', en: 'A service item with that code exists' },
  UNKNOWN_CATEGORY: { status: 400, zh: '服务分类不存在', en: 'Unknown category' },
  CATEGORY_NAME_TAKEN: {
    status: 409,
    zh: '同一上级分类下已有同名分类',
    en: 'A category of that name is already under the same parent',
  },
  CATEGORY_CYCLE: {
    status: 400,
    zh: '分类不能移到它自己或它的子分类下',
    en: 'A category cannot go under itself or one of its subcategories',
  },
  CATEGORY_NOT_EMPTY: {
    status: 409,
    zh: '该分类下还有 {categories} 个子分类、{items} 个服务项目，移走后才能删除',
    en: 'This category still holds {categories} subcategories and {items} service items; move them first',
  },
  PER_UNIT_TIME_NEEDS_SIZE: {
    status: 400,
    zh: '只有按面积或按数量计价的服务才能按数量增加时长',
    en: 'Only items priced per m² or per unit can take longer per m² or unit',
  },
  MINIMUM_NOT_WHOLE: {
    status: 400,
    zh: '按数量计价的起订量须为整数',
    en: 'A per-unit minimum is a whole number of units',
  },
  OVERRIDE_UNIT_DIFFERS: {
    status: 400,
    zh: '项目单独定价须与服务的计价单位相同，或为一口价',
    en: "A project's own price keeps the item's unit, or is a fixed price",
  },
  UNKNOWN_PROJECT: { status: 400, zh: '项目不存在', en: 'Unknown project' },
  NOT_OFFERED: {
    status: 422,
    zh: '该服务未发布或在此项目不提供',
    en: 'This service is not offered here',
  },
})
