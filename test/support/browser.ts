// Debian's Chromium for the browser tests, through playwright-core: never a downloaded browser.
// One place for its path and flags, and for the reasons a browser test has to stand down.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** The built web app (`npx vite build`). */
export const WEB_ROOT = join(ROOT, 'dist/web')
export const CHROMIUM = '/usr/bin/chromium'
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}

/** Why the browser tests cannot run here (no web build, no Chromium), as sentences; empty when they can. */
export function browserTestsMissing(): string[] {
  return [
    !existsSync(join(WEB_ROOT, 'index.html')) && `the web app is not built (${WEB_ROOT}): run \`npx vite build\` first`,
    !existsSync(CHROMIUM) && `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`,
  ].filter((m): m is string => typeof m === 'string')
}
