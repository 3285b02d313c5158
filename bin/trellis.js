#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so `npx trellis …` works from a clone after `npm install`.
import { register } from 'tsx/esm/api'

register()
await import('../server/main.ts')
