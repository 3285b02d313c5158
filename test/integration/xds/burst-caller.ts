// An Echo client for the circuit-breaker test: puts N calls in flight at once and reports each
// call's status, latency and answering pod (echo-caller.ts only sums them up).
//
// stdin `burst {"calls":20,"deadlineMs":5000,"sameTick":false}` → stdout `{"burst":[{…},…]}`.
// By default each call starts in its own turn of the event loop, as independent requests do;
// `sameTick` starts them all in one synchronous loop, as a Promise.all fan-out does (grpc-js
// 1.14 counts a call against the circuit breaker only after an asynchronous step, so calls picked
// in one tick all see the same count).
import { parseArgs } from 'node:util'
import { makeBootstrap } from '../../../server/workload/bootstrap.ts'
import { isServiceError, unaryCall, xdsChannel } from '../../../server/workload/client.ts'
import { registerWorkload } from '../../../server/workload/register.ts'
import { bootstrapOptions, emit, IDENTITY_FLAGS, serveCommands } from '../../fixtures/workloads/cli.ts'
import { EchoCall, statusName } from '../../fixtures/workloads/echo-service.ts'

export interface BurstOutcome {
  status: string
  latencyMs: number
  pod?: string
  details?: string
}

const { values } = parseArgs({ options: { ...IDENTITY_FLAGS, target: { type: 'string' } }, strict: true })

async function main(): Promise<void> {
  const target = values.target
  if (!target?.startsWith('xds:///')) throw new Error('--target xds:///host:port is required')
  await registerWorkload(makeBootstrap(bootstrapOptions(values, { app: 'burst-caller' })))
  const client = xdsChannel(target)

  const one = async (deadlineMs: number): Promise<BurstOutcome> => {
    const started = performance.now()
    try {
      const reply = await unaryCall(client, EchoCall, { message: '' }, { deadlineMs })
      return { status: 'OK', latencyMs: performance.now() - started, pod: reply.pod }
    } catch (e) {
      if (!isServiceError(e)) throw e
      return { status: statusName(e.code), latencyMs: performance.now() - started, details: e.details }
    }
  }

  const burst = async (arg: unknown): Promise<Record<string, unknown>> => {
    const { calls = 20, deadlineMs = 5_000, sameTick = false, ...rest } = (arg ?? {}) as { calls?: number; deadlineMs?: number; sameTick?: boolean }
    if (Object.keys(rest).length) throw new Error(`burst: unknown fields ${Object.keys(rest).join(', ')}`)
    const pending: Promise<BurstOutcome>[] = []
    for (let i = 0; i < calls; i++) {
      if (!sameTick) await new Promise((r) => setImmediate(r))
      pending.push(one(deadlineMs))
    }
    return { burst: await Promise.all(pending) }
  }

  const stop = (): void => {
    client.close()
    process.exit(0)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  serveCommands({ burst }, values['exit-on-stdin-close'], stop)
  emit({ ready: true, pid: process.pid, target })
}

main().catch((e: unknown) => {
  emit({ ready: false, error: e instanceof Error ? e.message : String(e) })
  process.exit(1)
})
