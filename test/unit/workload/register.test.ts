// Runs in a process of its own (vitest forks one per file), as a workload would: nothing here
// loads @grpc/grpc-js-xds before registerWorkload does.
import * as grpc from '@grpc/grpc-js'
import { describe, expect, test } from 'vitest'
import { makeBootstrap } from '../../../server/workload/bootstrap.ts'
import { createXdsClient, xdsChannel } from '../../../server/workload/client.ts'
import { currentRegistration, registerWorkload, XDS_FEATURE_FLAGS } from '../../../server/workload/register.ts'
import { pickFreePort, startXdsServer } from '../../../server/workload/server.ts'

const identity = { xdsServer: '127.0.0.1:1', namespace: 'default', workloadName: 'echo-v1', app: 'echo', version: 'v1' }

describe('registerWorkload', () => {
  test('before registration, clients and servers say what to do', async () => {
    expect(() => xdsChannel('xds:///echo.default.svc.cluster.local:7070')).toThrow(/await registerWorkload/)
    await expect(startXdsServer({ services: [] })).rejects.toThrow(/not registered/)
  })

  test('sets the bootstrap and flags before grpc-js-xds loads, and registers the xds: scheme', async () => {
    process.env.GRPC_XDS_BOOTSTRAP = '/nonexistent/bootstrap.json'
    const bootstrap = makeBootstrap(identity)
    const reg = await registerWorkload(bootstrap)
    expect(reg.nodeId).toBe(bootstrap.node.id)
    expect(currentRegistration()).toBe(reg)
    expect(JSON.parse(process.env.GRPC_XDS_BOOTSTRAP_CONFIG ?? '')).toEqual(bootstrap)
    expect(process.env.GRPC_XDS_BOOTSTRAP).toBeUndefined()

    const environment: Record<string, unknown> = await import('@grpc/grpc-js-xds/build/src/environment.js')
    for (const flag of XDS_FEATURE_FLAGS) expect(environment[flag.constant], flag.env).toBe(true)

    // The xds: scheme resolves (an unregistered scheme would throw at channel creation).
    const client = xdsChannel('xds:///echo.default.svc.cluster.local:7070')
    expect(client.getChannel().getTarget()).toBe('xds:///echo.default.svc.cluster.local:7070')
    client.close()
  })

  test('the same identity again is the same registration; another identity is refused', async () => {
    const again = await registerWorkload(makeBootstrap(identity))
    expect(again).toBe(currentRegistration())
    await expect(registerWorkload(makeBootstrap({ ...identity, workloadName: 'echo-v2', version: 'v2' })))
      .rejects.toThrow(/one process is one workload identity/)
  })

  test('targets must be xds:///host:port', () => {
    expect(() => createXdsClient(grpc.Client, 'dns:///echo:7070')).toThrow(/xds:\/\/\/host:port/)
    expect(() => createXdsClient(grpc.Client, 'xds://authority/echo:7070')).toThrow(/xds:\/\/\/host:port/)
  })

  test('an xDS server with no control plane answering fails with what the control plane must send', async () => {
    const port = await pickFreePort()
    await expect(startXdsServer({ services: [], port, readyTimeoutMs: 300 }))
      .rejects.toThrow(`did not start serving within 300 ms: the control plane at 127.0.0.1:1 must send Listener 'xds.istio.io/grpc/lds/inbound/127.0.0.1:${port}'`)
  })
})
