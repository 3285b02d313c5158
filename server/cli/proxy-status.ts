// `trellis proxy-status`: like istioctl proxy-status, from a running Trellis's /api/proxies.
import { parseArgs } from 'node:util'
import Type from 'typebox'
import { Compile } from 'typebox/compile'
import { ProxyStatus, XDS_TYPES } from '../../shared/xds.ts'

const ProxyList = Compile(Type.Array(ProxyStatus))

export function formatProxyTable(proxies: readonly ProxyStatus[]): string {
  const header = ['NAME', 'NAMESPACE', 'ADDRESS', 'CDS', 'LDS', 'EDS', 'RDS', 'CONNECTED']
  const rows = proxies.map((p) => [
    p.id, p.namespace, p.address,
    ...(['CDS', 'LDS', 'EDS', 'RDS'] as const).map((t) => {
      const s = p.types[t]
      return s ? s.status + (s.nack ? ` (${s.nack.message.slice(0, 60)})` : '') : 'NOT SENT'
    }),
    p.connectedAt,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n')
}

export async function runProxyStatus(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      url: { type: 'string', default: process.env.TRELLIS_URL ?? 'http://127.0.0.1:20001' },
      namespace: { type: 'string', short: 'n' },
      output: { type: 'string', short: 'o', default: 'table' },
    },
    allowPositionals: true,
    strict: true,
  })
  const base = values.url.replace(/\/$/, '')
  const query = values.namespace ? `?namespaces=${encodeURIComponent(values.namespace)}` : ''
  let res: Response
  try {
    res = await fetch(`${base}/api/proxies${query}`, { signal: AbortSignal.timeout(10_000) })
  } catch (err) {
    throw new Error(`cannot reach Trellis at ${base} (${(err as Error).message}); is \`trellis serve\` running? Use --url to point elsewhere`)
  }
  const body: unknown = await res.json().catch(() => undefined)
  if (!res.ok) throw new Error(`Trellis answered ${res.status}: ${JSON.stringify(body)}`)
  if (!ProxyList.Check(body)) throw new Error(`Trellis at ${base} answered something that is not a proxy list`)
  const proxies = positionals.length ? body.filter((p) => positionals.some((n) => p.id.includes(n))) : body
  if (values.output === 'json') process.stdout.write(`${JSON.stringify(proxies, null, 2)}\n`)
  else if (proxies.length === 0) process.stdout.write('No proxies are connected to the control plane.\n')
  else process.stdout.write(`${formatProxyTable(proxies)}\n`)
  const unhealthy = proxies.filter((p) => XDS_TYPES.some((t) => p.types[t]?.status === 'ERROR'))
  return unhealthy.length > 0 ? 1 : 0
}
