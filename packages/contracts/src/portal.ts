import { z } from 'zod'
import { MobilePhone, Uuid, asciiDigits, trimmedText } from './common.ts'
import { Address, Category, Order, PricingModel, ServiceItem } from './ordering.ts'

/**
 * The customer portal (/book). The company is named by the `x-doorstep-tenant` header (its slug); without
 * it, the installation's operating company.
 */
export const OtpRequest = z.object({ phone: MobilePhone })
export const OtpSent = z.object({
  sent: z.literal(true),
  resendAfterSeconds: z.number().int(),
  expiresInSeconds: z.number().int(),
})
/**
 * The version of the privacy notice the portal shows on /privacy (its text: `privacy.*` in the portal's i18n
 * messages; the page shows this version): change it whenever that text changes.
 * A sign-in records the customer's consent to it (PIPL), and only to it: a page loaded before the notice changed
 * is refused (`stale_privacy_notice`) rather than recorded as consent to a text the server no longer shows.
 */
export const PRIVACY_NOTICE_VERSION = '2026-11-22'
export const PortalLoginRequest = z.object({
  phone: MobilePhone,
  // Full-width digits (an IME in full-width mode) are the same code, as they are the same phone number.
  code: z
    .string()
    .overwrite(asciiDigits)
    .regex(/^\d{6}$/, { message: 'invalid_otp' }),
  // A version, but not this one: the page was loaded before the notice changed. Missing or not text: zod's own.
  consentVersion: z
    .literal(PRIVACY_NOTICE_VERSION, {
      error: (issue) => (typeof issue.input === 'string' ? 'stale_privacy_notice' : undefined),
    })
    .meta({
      description: 'The privacy notice the customer agreed to at sign-in (PIPL consent, recorded)',
    }),
})
/** A customer's name from their first portal sign-in until they give one: 客户 and the phone's last four digits. */
export const placeholderName = (phone: string) => `客户${phone.slice(-4)}`
/** Whether a name is that placeholder: forms that copy the customer's name into a contact leave it out. */
export const isPlaceholderName = (name: string) => /^客户\d{4}$/.test(name)
export const PortalSession = z.object({
  customer: z.object({ id: z.uuid(), name: z.string(), phoneMasked: z.string() }),
  tenantName: z.string(),
  tenantTimeZone: z.string().meta({
    description: "The company's IANA time zone: visits are shown in it, wherever the phone is",
  }),
  csrfToken: z.string(),
})
/**
 * Who this browser is, without an error for a guest: the portal asks on every page load, and most visitors are
 * not signed in (an expired or missing cookie is a guest too). `/portal/me` stays 401 without a session.
 */
export const PortalSessionProbe = z.discriminatedUnion('signedIn', [
  z.object({ signedIn: z.literal(false) }),
  PortalSession.extend({ signedIn: z.literal(true) }),
])
/**
 * The customer's own name and phone in full: what the address form offers as a new address's contact. Asked by
 * that form only, and not kept; the session (read on every page) carries the masked phone.
 */
export const PortalContact = z.object({ name: z.string(), phone: z.string() })
export const PortalProfileUpdate = z.object({ name: trimmedText().min(1).max(40) })

export const PortalCatalog = z.object({
  company: z.object({ name: z.string() }),
  categories: z.array(Category),
  items: z.array(
    ServiceItem.pick({
      id: true,
      categoryId: true,
      code: true,
      name: true,
      description: true,
      photos: true,
      pricing: true,
      addons: true,
      durationMinutes: true,
      durationPerUnitSeconds: true,
      deposit: true,
      changePolicy: true,
      urgentFeeFen: true,
      warrantyDays: true,
    }).extend({
      projectPrices: z.array(z.object({ projectId: Uuid, pricing: PricingModel })).meta({
        description:
          "Where a project prices the item otherwise: the booking step prices by the address's project, as the server books",
      }),
      notOfferedIn: z.array(Uuid).meta({
        description:
          'Projects that do not offer the item: booking it at an address there is refused (422 NOT_OFFERED)',
      }),
    }),
  ),
})
/** One of the customer's orders, with the number to call about it. */
export const PortalOrder = Order.extend({
  servicePhone: z.string().nullable().meta({
    description:
      "The order's project's number for customers (a hotline or the site's office); null when it has none",
  }),
})
/** One of the customer's own addresses with the parts staff lists mask: theirs to see and correct. */
export const PortalAddress = Address.extend({ contactPhone: z.string(), detail: z.string() })
/** The customer's own addresses: each with its exact detail (to tell them apart), the contact's phone masked. */
export const PortalAddresses = z.object({ items: z.array(Address.extend({ detail: z.string() })) })
