// startTrellis: a listening Trellis, for `trellis serve` and for tests that need a real port.
import { createTrellis, type Trellis, type TrellisOptions } from './runtime.ts'

export interface ServeOptions extends TrellisOptions {
  /** 0 picks a free port. */
  port?: number
  host?: string
}

export interface RunningTrellis {
  url: string
  trellis: Trellis
  close(): Promise<void>
}

export async function startTrellis(opts: ServeOptions): Promise<RunningTrellis> {
  const trellis = await createTrellis({ logLevel: 'warn', ...opts })
  try {
    const address = await trellis.app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' })
    return { url: address, trellis, close: () => trellis.close() }
  } catch (err) {
    await trellis.close()
    throw err
  }
}
