import type { FastifyRequest } from 'fastify'
import { IMAGE_TYPES, endpoints } from '@doorstep/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Keyring } from '../../platform/crypto/keyring.ts'
import { encryptedColumn } from '../../platform/crypto/rotation.ts'
import type { Database } from '../../platform/db/database.ts'
import type { Router } from '../../platform/http/router.ts'
import type { FileStore } from './file-store.ts'
import { createFilesService, incomplete, tooLarge } from './files.service.ts'
import { file } from './files.tables.ts'

export type { FilesService, PhotoReader } from './files.service.ts'
export type { FileStore } from './file-store.ts'
export { createLocalFileStore } from './file-store.ts'

// A form holds at most six photos; thirty a minute leaves room for retries and several forms.
const UPLOADS_PER_MINUTE = 30

// Photos are immutable; a browser may keep them for an hour, never a shared cache.
const CACHE_CONTROL = 'private, max-age=3600'

/** Uploaded photos: encrypted at rest, read back only by their owner or whoever may read their record. */
export function createFilesModule(deps: {
  database: Database
  keyring: Keyring
  clock: Clock
  store: FileStore
  maxBytes: number
}) {
  const service = createFilesService(deps)
  return {
    service,
    encryptedColumns: [encryptedColumn(file, 'keyEnc')],
    /** The raw image body of an upload, as a Buffer; over the limit it fails naming the `file` field. */
    imageBody: {
      types: [...IMAGE_TYPES],
      parser: (
        request: FastifyRequest,
        payload: NodeJS.ReadableStream,
        done: (error: Error | null, body?: Buffer) => void,
      ) => {
        if (Number(request.headers['content-length']) > deps.maxBytes) {
          done(tooLarge(deps.maxBytes))
          return
        }
        const chunks: Buffer[] = []
        let size = 0
        let finished = false
        const finish = (error: Error | null, body?: Buffer) => {
          if (finished) return
          finished = true
          done(error, body)
        }
        const onData = (chunk: Buffer) => {
          size += chunk.length
          if (size <= deps.maxBytes) return void chunks.push(chunk)
          // Past the limit: answer now, and let the rest of the body drain unread.
          payload.removeListener('data', onData)
          chunks.length = 0
          payload.resume()
          finish(tooLarge(deps.maxBytes))
        }
        payload.on('data', onData)
        payload.on('end', () => finish(null, Buffer.concat(chunks)))
        // The client broke the upload off: its fault, not the server's.
        payload.on('error', () => finish(incomplete()))
      },
    },
    mount(router: Router) {
      // Each upload is up to several megabytes written to disk: a signed-in customer may not fill it at will.
      const throttle = { perMinutePerIp: UPLOADS_PER_MINUTE }
      router.mount(
        endpoints.portalUpload,
        ({ ctx, request }) => service.upload(ctx, request.body),
        throttle,
      )
      router.mount(
        endpoints.upload,
        ({ ctx, request }) => service.upload(ctx, request.body),
        throttle,
      )
      for (const endpoint of [endpoints.portalFile, endpoints.getFile]) {
        router.mount(endpoint, async ({ ctx, params, reply }) => {
          const { contentType, bytes } = await service.read(ctx, params.id)
          void reply.header('content-type', contentType).header('cache-control', CACHE_CONTROL)
          return bytes
        })
      }
    },
  }
}
