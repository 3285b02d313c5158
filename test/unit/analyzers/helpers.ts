// Small meshes from YAML for analyzer tests, and a way to read one object's checks.
import { parseAllDocuments } from 'yaml'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { keyOf } from '../../../shared/k8s.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { buildSnapshot } from '../../../server/mesh/model.ts'
import type { MeshSnapshot } from '../../../server/mesh/snapshot.ts'
import { ValidationEngine } from '../../../server/validation/engine.ts'

export function objects(yamlText: string): ConfigObject[] {
  return parseAllDocuments(yamlText)
    .map((d) => d.toJS() as ConfigObject | null)
    .filter((o): o is ConfigObject => o !== null)
}

/** A Service with selector app=<name> and one http port, and one WorkloadEntry per version. */
export function app(ns: string, name: string, versions: readonly string[] = ['v1'], serviceAccount = `bookinfo-${name}`): string {
  const svc = `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { app: ${name} }
  ports: [{ name: http, port: 9080 }]
`
  const wes = versions.map((v, i) => `
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: { name: ${name}-${v}, namespace: ${ns} }
spec:
  address: 10.0.${name.length}.${i + 1}
  labels: { app: ${name}, version: ${v} }
  serviceAccount: ${serviceAccount}
`)
  return [svc, ...wes].join('---')
}

export const BOOKINFO = [
  app('bookinfo', 'productpage'),
  app('bookinfo', 'reviews', ['v1', 'v2', 'v3']),
  app('bookinfo', 'ratings'),
  app('bookinfo', 'details'),
].join('---')

export interface Analyzed {
  snapshot: MeshSnapshot
  engine: ValidationEngine
  /** The checks of one object, named `Kind ns/name`. */
  checks(name: string): IstioCheck[]
}

export function analyze(...docs: string[]): Analyzed {
  const objs = objects(docs.join('\n---\n'))
  const snapshot = buildSnapshot(objs)
  const engine = new ValidationEngine()
  engine.full(snapshot)
  return {
    snapshot,
    engine,
    checks(name) {
      const [kind, ref] = name.split(' ')
      const [ns, n] = ref.split('/')
      const obj = objs.find((o) => o.kind === kind && o.metadata.namespace === ns && o.metadata.name === n)
      if (!obj) throw new Error(`no ${name} in the test mesh`)
      return engine.checksFor(keyOf(obj))
    },
  }
}

/** Only the checks of one code. */
export function withCode(checks: readonly IstioCheck[], code: string): IstioCheck[] {
  return checks.filter((c) => c.code === code)
}
