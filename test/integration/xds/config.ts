// Config objects as users write them (the shapes the REST API and the config folder take), for
// the control-plane integration tests.

export const ECHO_PORT = 7070

export type Obj = Record<string, unknown>

export function namespace(name: string): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }
}

/** A Service whose port is named `grpc`, the name the echo workload gives its port in POD_PORTS. */
export function service(ns: string, name: string, app = name): Obj {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns },
    spec: { selector: { app }, ports: [{ name: 'grpc', port: ECHO_PORT }] },
  }
}

export function destinationRule(ns: string, host: string, spec: Obj = {}): Obj {
  return {
    apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: host, namespace: ns },
    spec: { host, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }], ...spec },
  }
}

export function virtualService(ns: string, host: string, http: Obj[]): Obj {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: host, namespace: ns }, spec: { hosts: [host], http } }
}

/** A route destination: `to('echo', 'v2', 80)`. */
export function to(host: string, subset?: string, weight?: number): Obj {
  return { destination: { host, ...(subset ? { subset } : {}) }, ...(weight !== undefined ? { weight } : {}) }
}
