import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

/**
 * Where uploaded bytes live (already encrypted by the caller). A local directory by default; an
 * S3-compatible store (MinIO, Aliyun OSS) can take its place when several servers share the files.
 */
export interface FileStore {
  put(key: string, bytes: Buffer): Promise<void>
  /** Null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>
  delete(key: string): Promise<void>
}

const SAFE_KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/

/** Files under one directory, `<tenant>/<file id>`, written whole or not at all. */
export function createLocalFileStore(root: string): FileStore {
  const pathOf = (key: string) => {
    // Keys are made by the files service from two UUIDs; anything else is a bug, not a path to follow.
    if (!SAFE_KEY.test(key)) throw new Error(`not a file key: ${key}`)
    return path.join(root, key)
  }
  return {
    async put(key, bytes) {
      const target = pathOf(key)
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 })
      const partial = `${target}.${crypto.randomBytes(6).toString('hex')}.part`
      try {
        await fs.writeFile(partial, bytes, { mode: 0o600 })
        await fs.rename(partial, target)
      } catch (error) {
        // A full disk must not also keep the half-written part.
        await fs.rm(partial, { force: true })
        throw error
      }
    },
    async get(key) {
      try {
        return await fs.readFile(pathOf(key))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
    async delete(key) {
      await fs.rm(pathOf(key), { force: true })
    },
  }
}
