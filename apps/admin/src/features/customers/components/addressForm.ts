import type { AddressBody, AddressChanges } from '../api.ts'

/** The address form's fields as typed (coordinates empty until entered). */
export interface AddressFields {
  label: string
  contactName: string
  contactPhone: string
  city: string
  district: string
  detail: string
  lat: number | null
  lng: number | null
  isDefault: boolean
}

/** What AddressForm.vue exposes to the page holding it (typed here so lint can see it). */
export interface AddressFormApi {
  validate(): Promise<boolean>
  body(): AddressBody
  prefill(values: Partial<AddressFields>): void
  /** Opens an existing address: `changes()` then holds only what differs from these values. */
  edit(values: AddressFields): void
  changes(): AddressChanges
  reset(): void
  form: AddressFields
}
