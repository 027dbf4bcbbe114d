import { en } from '../../i18n/en.ts'
import { zhCN } from '../../i18n/zh-CN.ts'

/** The quick labels an address form offers. */
export const LABEL_KEYS = ['home', 'company', 'parents'] as const
export type LabelKey = (typeof LABEL_KEYS)[number]

/**
 * A quick label as it is kept: in Chinese, whatever the customer's language, so staff and the customer's other
 * devices read one word for "home" (it was kept as shown, 家 or Home).
 */
export const storedLabel = (key: LabelKey) => zhCN.address.labels[key]

/** Which quick label a kept one is, written in either language (null for the customer's own words). */
export function labelKey(label: string): LabelKey | null {
  return LABEL_KEYS.find((k) => label === zhCN.address.labels[k] || label === en.address.labels[k]) ?? null
}

/**
 * An address named in a sentence: its label in the reader's language (`label(key)`) and its street
 * ("家 · 张杨路 500 号"), or the street alone.
 */
export function addressName(
  address: { label: string; detail: string },
  label: (key: LabelKey) => string,
): string {
  const key = labelKey(address.label)
  const shown = key ? label(key) : address.label.trim()
  return shown ? `${shown} · ${address.detail}` : address.detail
}
