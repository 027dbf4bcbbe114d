import type { FastifyRequest } from 'fastify'
import type { Logger } from 'pino'
import { IMAGE_TYPES, endpoints } from '@doorstep/contracts'
import type { Clock } from '../../platform/clock.ts'
import { CommonError } from '../../platform/errors.ts'
import type { Keyring } from '../../platform/crypto/keyring.ts'
import { encryptedColumn } from '../../platform/crypto/rotation.ts'
import type { Database } from '../../platform/db/database.ts'
import type { Router } from '../../platform/http/router.ts'
import { ifNoneMatchHits } from '../../platform/http/router.ts'
import type { FileStore } from './file-store.ts'
import { createFilesService, incomplete, notAPicture, tooLarge } from './files.service.ts'
import { file } from './files.tables.ts'

export type { FilesService, PhotoReader } from './files.service.ts'
export type { FileStore } from './file-store.ts'
export { createLocalFileStore } from './file-store.ts'

// A form holds at most six photos; thirty a minute leaves room for retries and several forms.
const UPLOADS_PER_MINUTE = 30

// A photo's bytes never change under its URL, so a browser keeps it without asking again (`immutable`) — for a
// day, not a year: the cache is keyed by URL, not by who is signed in, so on a shared phone a signed-out
// customer's photos, or ones whose record the reader may no longer see, should not stay readable for long.
// Never a shared cache (`private`). After the day, a revalidation costs a 304 and no decryption (ADR 0016).
const CACHE_CONTROL = 'private, max-age=86400, immutable'

/** Uploaded photos: encrypted at rest, read back only by their owner or whoever may read their record. */
export function createFilesModule(deps: {
  database: Database
  keyring: Keyring
  clock: Clock
  store: FileStore
  maxBytes: number
  retentionMs: number
  log: Pick<Logger, 'info' | 'warn'>
}) {
  const service = createFilesService(deps)
  return {
    service,
    encryptedColumns: [encryptedColumn(file, 'keyEnc')],
    /**
     * The raw image body of an upload, as a Buffer; over the limit it fails naming the `file` field. Parsers are
     * the whole app's: on any other route an image is refused unread (it passed validation as an empty object).
     */
    imageBody: {
      types: [...IMAGE_TYPES],
      parser: (
        request: FastifyRequest,
        payload: NodeJS.ReadableStream,
        done: (error: Error | null, body?: Buffer) => void,
      ) => {
        // An unknown address is a 404 whatever was sent there.
        if (request.is404) {
          payload.resume()
          done(null)
          return
        }
        if (!request.routeOptions.config.imageBody) {
          payload.resume()
          done(new CommonError('UNSUPPORTED_MEDIA_TYPE'))
          return
        }
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
      // A body that is not a picture is refused as one, whatever Content-Type it claimed.
      const options = {
        perMinutePerIp: UPLOADS_PER_MINUTE,
        wrongMediaType: notAPicture,
        imageBody: true as const,
      }
      router.mount(
        endpoints.portalUpload,
        ({ ctx, request }) => service.upload(ctx, request.body),
        options,
      )
      router.mount(
        endpoints.upload,
        ({ ctx, request }) => service.upload(ctx, request.body),
        options,
      )
      for (const endpoint of [endpoints.portalFile, endpoints.getFile]) {
        router.mount(endpoint, async ({ ctx, params, request, reply }) => {
          const { contentType, etag, bytes } = await service.read(ctx, params.id, (tag) =>
            ifNoneMatchHits(request, tag),
          )
          void reply.header('etag', etag).header('cache-control', CACHE_CONTROL)
          if (!bytes) {
            void reply.code(304)
            return new Uint8Array()
          }
          void reply.header('content-type', contentType)
          return bytes
        })
      }
    },
  }
}
