/**
 * The version of the privacy notice on /privacy. Sent with every sign-in and recorded by the server as the
 * customer's consent (PIPL): change it whenever the notice's text changes.
 */
export const PRIVACY_NOTICE_VERSION = '2026-11-22'
