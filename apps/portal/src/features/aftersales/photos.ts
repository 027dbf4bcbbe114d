/** The API takes photos as links (up to 9, 500 characters each); the portal has no upload yet. */
export const PHOTOS_MAX = 9
const URL_MAX = 500

/** A link a phone can show as a picture: http(s) only, as `javascript:` or `data:` links are no photos. */
export function isPhotoUrl(text: string): boolean {
  const value = text.trim()
  if (!value || value.length > URL_MAX) return false
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0
  } catch {
    return false
  }
}

/** The i18n key of what is wrong with adding `text` to `photos`, or null when it can be added. */
export function photoProblem(photos: readonly string[], text: string): string | null {
  if (photos.length >= PHOTOS_MAX) return 'aftersales.photos.tooMany'
  if (!isPhotoUrl(text)) return 'aftersales.photos.invalid'
  if (photos.includes(text.trim())) return 'aftersales.photos.duplicate'
  return null
}
