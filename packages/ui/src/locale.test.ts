import { describe, expect, it } from 'vitest'
import { LOCALE_STORAGE_KEY, initialLocale, rememberLocale } from './locale.ts'

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    data,
  }
}

describe('locale', () => {
  it('should start in Chinese when nothing was chosen', () => {
    expect(initialLocale(memoryStorage())).toBe('zh-CN')
    expect(initialLocale(null)).toBe('zh-CN')
  })

  it('should start in the remembered language', () => {
    const storage = memoryStorage()
    rememberLocale('en', storage)
    expect(storage.data.get(LOCALE_STORAGE_KEY)).toBe('en')
    expect(initialLocale(storage)).toBe('en')
  })

  it('should ignore a remembered value that is not a supported locale', () => {
    expect(initialLocale(memoryStorage({ [LOCALE_STORAGE_KEY]: 'fr' }))).toBe('zh-CN')
  })
})
