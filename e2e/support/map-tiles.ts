import { deflateSync } from 'node:zlib'
import type { BrowserContext } from 'playwright-core'
import { pngChunk } from '../../apps/server/src/modules/files/image-metadata.ts'

const SIZE = 256

/** A plain street grid, drawn once: what the tests' maps show instead of Amap's tiles (no internet here). */
const TILE = (() => {
  const rows: Buffer[] = []
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 3)
    for (let x = 0; x < SIZE; x++) {
      const street = x % 64 < 6 || y % 64 < 6
      const [r, g, b] = street ? [255, 255, 255] : [236, 238, 232]
      row.set([r, g, b], 1 + x * 3)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(SIZE, 0)
  header.writeUInt32BE(SIZE, 4)
  header.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
})()

/**
 * Answers the address forms' map tiles (Amap's public tile servers by default) from the test itself, so a test
 * neither reaches for the internet nor waits on it.
 */
export async function serveMapTiles(context: BrowserContext): Promise<void> {
  await context.route(/\.is\.autonavi\.com\//, (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: TILE }),
  )
}
