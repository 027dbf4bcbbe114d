import { useI18n } from 'vue-i18n'
import { ORDER_STATUS_LABELS, addDays, scalesBySize, visitMinutes } from '@doorstep/domain'
import type { Measure, OrderStatus, UnitWord } from '@doorstep/domain'
import { localeRef } from '../i18n/index.ts'
import { formatFen } from './money.ts'
import type { CatalogItem, Pricing } from '../features/catalog/catalog.ts'
import { durationParts } from '../features/catalog/catalog.ts'
import { calendarNoon, companyDate, hhmm } from '../features/booking/booking.ts'

/** What an amount counts: a sized item's pricing, or an order line's measure as it was booked. */
type Sized = Measure

/** Words for prices, durations, policies and dates in the current language. */
export function useFormat() {
  const { t } = useI18n()

  /** The word of what is booked: 小时, ㎡, or the item's own (只 for cats fed, 位 for a sofa's seats; ADR 0057). */
  function unitOf(p: Sized, n: number): string {
    return p.kind === 'per_unit' ? t(`unitWords.${p.unit}`, n) : t(`price.unit_${p.kind}`, n)
  }
  function priceUnit(p: Pricing): string {
    if (p.kind === 'fixed') return ''
    return p.kind === 'per_unit' ? t('price.per_unit', { unit: unitOf(p, 1) }) : t(`price.${p.kind}`)
  }
  /** After an add-on's price: "/扇", "/台" ("/window"). */
  function addonUnit(a: { unit: UnitWord }): string {
    return t('price.per_unit', { unit: unitOf({ kind: 'per_unit', unit: a.unit }, 1) })
  }
  function priceMain(p: Pricing): string {
    return formatFen(p.kind === 'fixed' ? p.priceFen : p.unitFen, { compact: true })
  }
  function priceMinimum(p: Pricing): string {
    if (p.kind === 'fixed') return t('price.fixed')
    if (p.minQuantityMilli <= 0) return ''
    const n = p.minQuantityMilli / 1000
    return t('price.minimum', { n, unit: unitOf(p, n) })
  }
  function duration(minutes: number): string {
    const { h, m } = durationParts(minutes)
    const text = h && m ? t('service.hoursMinutes', { h, m }) : h ? t('service.hours', { n: h }) : t('service.minutes', { n: m })
    return t('service.durationValue', { text })
  }
  /**
   * An item's length at its minimum, "from" when booking more makes it longer (more hours, m² or units). `priced`: a
   * project's own price, whose minimum is measured by the item's own rule, as the server measures the visit.
   */
  function itemDuration(item: CatalogItem, priced: Pricing = item.pricing): string {
    const text = duration(visitMinutes(item, priced.kind === 'fixed' ? 0 : priced.minQuantityMilli))
    const grows =
      priced.kind === 'per_hour' || (scalesBySize(priced) && item.durationPerUnitSeconds > 0)
    return grows ? t('service.durationFrom', { text }) : text
  }
  function deposit(item: CatalogItem): string {
    const d = item.deposit
    if (d.kind === 'none') return t('service.depositNone')
    if (d.kind === 'fixed') return t('service.depositFixed', { amount: formatFen(d.amountFen, { compact: true }) })
    return t('service.depositPercent', { percent: d.basisPoints / 100 })
  }
  function policyFee(item: CatalogItem): string {
    const f = item.changePolicy.fee
    return f.kind === 'fixed'
      ? t('service.feeFixed', { amount: formatFen(f.amountFen, { compact: true }) })
      : t('service.feePercent', { percent: f.basisPoints / 100 })
  }
  function policy(item: CatalogItem): string {
    const hours = item.changePolicy.freeUntilHours
    return hours > 0 ? t('service.policyText', { hours, fee: policyFee(item) }) : t('service.policyAlwaysFee', { fee: policyFee(item) })
  }
  function warranty(item: CatalogItem): string {
    return item.warrantyDays > 0 ? t('service.warrantyDays', { n: item.warrantyDays }) : t('service.warrantyNone')
  }
  function statusLabel(status: OrderStatus): string {
    return ORDER_STATUS_LABELS[status][localeRef.value === 'en' ? 'en' : 'zh']
  }
  /** 3月15日 周六 (or Sat 15 Mar) of a calendar date; with its year when that is not this one (a plan's last visit). */
  function calendarDay(day: string): string {
    const otherYear = day.slice(0, 4) !== companyDate(new Date()).slice(0, 4)
    return new Intl.DateTimeFormat(localeRef.value === 'en' ? 'en-GB' : 'zh-CN', {
      ...(otherYear ? { year: 'numeric' } : {}),
      month: 'short',
      day: 'numeric',
      weekday: 'short',
      timeZone: 'UTC',
    }).format(calendarNoon(day))
  }
  /** 12月7日 (or 7 Dec) of a calendar date: a day chip's date, which "12/07" left ambiguous in English. */
  function monthDay(day: string): string {
    return new Intl.DateTimeFormat(localeRef.value === 'en' ? 'en-GB' : 'zh-CN', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(calendarNoon(day))
  }
  /** 今天 / 明天 / 3月15日 周六 of a calendar date, counted from the company's today. */
  function dayText(day: string, now: Date): string {
    const today = companyDate(now)
    if (day === today) return t('booking.today')
    if (day === addDays(today, 1)) return t('booking.tomorrow')
    return calendarDay(day)
  }
  /** 今天 / 明天 / 3月15日 周六 of the day a moment falls on for the company (a visit's day). */
  function dayLabel(moment: Date, now = new Date()): string {
    return dayText(companyDate(moment), now)
  }
  /** A calendar date (YYYY-MM-DD): "11月30日周一", with 今天/明天 in front when it is one of those. */
  function date(day: string, now = new Date()): string {
    const absolute = calendarDay(day)
    const relative = dayText(day, now)
    return relative === absolute ? absolute : `${relative} · ${absolute}`
  }
  function window(start: string, end: string): string {
    return `${dayLabel(new Date(start))} ${hhmm(start)}–${hhmm(end)}`
  }
  function dateTime(iso: string): string {
    return `${dayLabel(new Date(iso))} ${hhmm(iso)}`
  }
  /** An amount in its unit: "3小时", "120㎡", "2只"; "3 h", "1 pet", "2 pets". */
  function amount(quantityMilli: number, pricing: Sized): string {
    const n = quantityMilli / 1000
    return t('price.amount', { n, unit: unitOf(pricing, n) })
  }
  function lineLabel(line: { kind: string; code: string; label: string }): string {
    if (line.kind === 'fee' && line.code === 'urgent') return t('booking.fee.urgent')
    if (line.kind === 'discount') return t('booking.fee.discount')
    return line.label
  }
  /**
   * A price line's quantity: an order's item or add-on line in what it counted when booked, else (an order booked
   * before lines said so) an item's in what `pricing` counts now and an add-on's as a number.
   */
  function quantity(line: { kind: string; quantityMilli: number; measure?: Measure | undefined }, pricing?: Pricing): string {
    const measure = line.measure ?? (pricing?.kind === 'fixed' ? undefined : pricing)
    if (line.kind === 'item' && measure) return `× ${amount(line.quantityMilli, measure)}`
    if (line.kind === 'addon') return line.measure ? `× ${amount(line.quantityMilli, line.measure)}` : `× ${line.quantityMilli / 1000}`
    return ''
  }
  return { priceUnit, addonUnit, priceMain, priceMinimum, amount, duration, itemDuration, deposit, policy, warranty, statusLabel, dayLabel, date, monthDay, window, dateTime, lineLabel, quantity, fen: formatFen }
}
