import type { PricingModel, UnitWord } from '@doorstep/domain'
import { DEFAULT_UNIT_WORD, scalesBySize } from '@doorstep/domain'
import type { ServiceItem } from '@doorstep/contracts'
import { bpToPercent, fenToYuan, fromMilli, percentToBp, toMilli, yuanToFen } from '../../../composables/money.ts'
import type { CreateItemBody } from '../api.ts'

/**
 * The item editor works in the units people type (yuan, percent, hours); the API in fen, basis points and
 * thousandths. `toDraft` and `toRequest` are the only crossing points, and round-trip exactly.
 */
export type PricingKind = PricingModel['kind']
export interface PricingDraft {
  kind: PricingKind
  /** Fixed price, or the unit price of the other kinds. */
  yuan: number
  minQuantity: number
  /** What a per-unit item counts (ADR 0057); kept while another kind is chosen, 件 for a new item. */
  unit: UnitWord
}
export interface ItemDraft {
  categoryId: string
  code: string
  name: string
  description: string
  status: 'draft' | 'published'
  pricing: PricingDraft
  addons: Array<{ code: string; name: string; yuan: number; unit: UnitWord }>
  durationMinutes: number
  /** Per-m² and per-unit items: minutes each m² or unit beyond the minimum adds. */
  minutesPerUnit: number
  skills: string[]
  tools: string[]
  deposit: { kind: 'none' | 'fixed' | 'percent'; yuan: number; percent: number }
  changePolicy: { freeUntilHours: number; kind: 'fixed' | 'percent'; yuan: number; percent: number }
  urgentFeeYuan: number
  warrantyDays: number
  overrides: Array<{ projectId: string; available: boolean; ownPrice: boolean; pricing: PricingDraft }>
}

export function pricingDraft(model: PricingModel | null | undefined): PricingDraft {
  if (!model) return { kind: 'fixed', yuan: 0, minQuantity: 0, unit: DEFAULT_UNIT_WORD }
  if (model.kind === 'fixed') return { kind: 'fixed', yuan: fenToYuan(model.priceFen), minQuantity: 0, unit: DEFAULT_UNIT_WORD }
  const unit = model.kind === 'per_unit' ? model.unit : DEFAULT_UNIT_WORD
  return { kind: model.kind, yuan: fenToYuan(model.unitFen), minQuantity: fromMilli(model.minQuantityMilli), unit }
}

export function pricingModel(draft: PricingDraft): PricingModel {
  const fen = yuanToFen(draft.yuan) ?? 0
  if (draft.kind === 'fixed') return { kind: 'fixed', priceFen: fen }
  const minQuantityMilli = toMilli(draft.minQuantity)
  if (draft.kind === 'per_unit') return { kind: 'per_unit', unit: draft.unit, unitFen: fen, minQuantityMilli }
  return { kind: draft.kind, unitFen: fen, minQuantityMilli }
}

export function toDraft(item: ServiceItem | null, categoryId = ''): ItemDraft {
  if (!item) {
    return {
      categoryId,
      code: '',
      name: '',
      description: '',
      status: 'draft',
      pricing: { kind: 'fixed', yuan: 0, minQuantity: 1, unit: DEFAULT_UNIT_WORD },
      addons: [],
      durationMinutes: 120,
      minutesPerUnit: 0,
      skills: [],
      tools: [],
      deposit: { kind: 'none', yuan: 0, percent: 0 },
      changePolicy: { freeUntilHours: 24, kind: 'percent', yuan: 0, percent: 20 },
      urgentFeeYuan: 0,
      warrantyDays: 0,
      overrides: [],
    }
  }
  const d = item.deposit
  const fee = item.changePolicy.fee
  return {
    categoryId: item.categoryId,
    code: item.code,
    name: item.name,
    description: item.description,
    status: item.status,
    pricing: pricingDraft(item.pricing),
    addons: item.addons.map((a) => ({ code: a.code, name: a.name, yuan: fenToYuan(a.unitFen), unit: a.unit })),
    durationMinutes: item.durationMinutes,
    minutesPerUnit: item.durationPerUnitSeconds / 60,
    skills: [...item.skills],
    tools: [...item.tools],
    deposit: {
      kind: d.kind,
      yuan: d.kind === 'fixed' ? fenToYuan(d.amountFen) : 0,
      percent: d.kind === 'percent' ? bpToPercent(d.basisPoints) : 0,
    },
    changePolicy: {
      freeUntilHours: item.changePolicy.freeUntilHours,
      kind: fee.kind,
      yuan: fee.kind === 'fixed' ? fenToYuan(fee.amountFen) : 0,
      percent: fee.kind === 'percent' ? bpToPercent(fee.basisPoints) : 0,
    },
    urgentFeeYuan: fenToYuan(item.urgentFeeFen),
    warrantyDays: item.warrantyDays,
    overrides: item.projectOverrides.map((o) => ({
      projectId: o.projectId,
      available: o.available,
      ownPrice: o.pricing !== null,
      pricing: pricingDraft(o.pricing ?? item.pricing),
    })),
  }
}

export function toRequest(draft: ItemDraft): CreateItemBody {
  const { deposit, changePolicy: policy } = draft
  const pricing = pricingModel(draft.pricing)
  return {
    categoryId: draft.categoryId,
    code: draft.code.trim(),
    name: draft.name.trim(),
    description: draft.description.trim(),
    status: draft.status,
    pricing,
    addons: draft.addons.map((a) => ({ code: a.code.trim(), name: a.name.trim(), unit: a.unit, unitFen: yuanToFen(a.yuan) ?? 0 })),
    durationMinutes: draft.durationMinutes,
    // Kept only where the size lengthens a visit: a per-hour item is as long as the hours booked.
    durationPerUnitSeconds: scalesBySize(pricing) ? Math.round(draft.minutesPerUnit * 60) : 0,
    skills: draft.skills,
    tools: draft.tools,
    deposit:
      deposit.kind === 'none'
        ? { kind: 'none' }
        : deposit.kind === 'fixed'
          ? { kind: 'fixed', amountFen: yuanToFen(deposit.yuan) ?? 0 }
          : { kind: 'percent', basisPoints: percentToBp(deposit.percent) },
    changePolicy: {
      freeUntilHours: policy.freeUntilHours,
      fee:
        policy.kind === 'fixed'
          ? { kind: 'fixed', amountFen: yuanToFen(policy.yuan) ?? 0 }
          : { kind: 'percent', basisPoints: percentToBp(policy.percent) },
    },
    urgentFeeFen: yuanToFen(draft.urgentFeeYuan) ?? 0,
    warrantyDays: draft.warrantyDays,
    projectOverrides: draft.overrides
      .filter((o) => o.projectId)
      // A project's own price counts in the item's word, as the server keeps it.
      .map((o) => ({ projectId: o.projectId, available: o.available, pricing: o.ownPrice ? pricingModel({ ...o.pricing, unit: draft.pricing.unit }) : null })),
  }
}
