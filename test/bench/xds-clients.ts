// Child process of the xDS benchmark: opens many ADS streams (simulated proxies, a hundred per
// HTTP/2 connection), each subscribed to a few services, ACKing everything. Prints one JSON line
// when every stream has its initial config, then runs until stdin closes.
import * as grpc from '@grpc/grpc-js'
import { TYPE_URL } from '../../server/xds/protos.ts'
import { AdsTestClient, adsClientConstructor, istioNode } from '../support/ads-client.ts'

const [target, countArg, offsetArg, servicesArg] = process.argv.slice(2)
const count = Number(countArg)
const offset = Number(offsetArg)
const services = Number(servicesArg)
const PER_CONNECTION = 100
const SUBSCRIBED = 10

const clients: AdsTestClient[] = []
let channel: grpc.Client | undefined
for (let i = 0; i < count; i++) {
  const n = offset + i
  if (i % PER_CONNECTION === 0) {
    const Ctor = adsClientConstructor()
    channel = new Ctor(target, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': 64 * 1024 * 1024 })
  }
  const ns = `ns-${n % 10}`
  const c = new AdsTestClient(target, istioNode({ namespace: ns, pod: `client-${n}`, ip: `10.1.${Math.floor(n / 250)}.${n % 250}`, labels: { app: `client-${n % 50}`, version: 'v1' } }), true, channel)
  // Every proxy watches svc-0 (the one the benchmark changes) and nine others.
  const picked = [0, ...Array.from({ length: SUBSCRIBED - 1 }, (_, k) => 1 + ((n * 7 + k * 13) % (services - 1)))]
  const hosts = picked.map((s) => `svc-${s}.ns-${s % 10}.svc.cluster.local`)
  c.subscribe(TYPE_URL.listener, hosts.map((h) => `${h}:9080`))
  c.subscribe(TYPE_URL.route, hosts.map((h) => `outbound|9080||${h}`))
  c.subscribe(TYPE_URL.cluster, hosts.flatMap((h) => [`outbound|9080|v1|${h}`, `outbound|9080|v2|${h}`]))
  c.subscribe(TYPE_URL.endpoint, hosts.flatMap((h) => [`outbound|9080|v1|${h}`, `outbound|9080|v2|${h}`]))
  clients.push(c)
}

const ready = async () => {
  while (clients.some((c) => new Set(c.received.map((r) => r.typeUrl)).size < 4)) await new Promise((r) => setTimeout(r, 50))
  process.stdout.write(`${JSON.stringify({ ready: true, streams: clients.length })}\n`)
}
void ready()
process.stdin.resume()
process.stdin.on('end', () => process.exit(0))
