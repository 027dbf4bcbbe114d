/** A real 2×1 PNG (signature, IHDR, IDAT, IEND): the smallest upload the files module accepts as whole. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEklEQVR4AWI6w8Dwn4HhzH8AAAAA//+B1Cg5AAAABklEQVQDAA4NA5n8m/ctAAAAAElFTkSuQmCC',
  'base64',
)
