#!/usr/bin/env node
// The server ships TypeScript sources; tsx compiles them on the fly so `npx doorstep` needs no build step.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
