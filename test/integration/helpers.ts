// Shared setup for API tests: a temp config folder with a small Bookinfo, and a Trellis over it.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import pino from 'pino'
import { createTrellis, type Trellis } from '../../server/runtime.ts'

export const REVIEWS_VS = `# Reviews routing, owned by the reviews team.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts:
  - reviews # short name, expanded in the VirtualService's namespace
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 80
    - destination:
        host: reviews
        subset: v2
      weight: 20
`

export const BOOKINFO_FILES: Record<string, string> = {
  'bookinfo/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bookinfo\n  labels:\n    istio-injection: enabled\n',
  'bookinfo/services.yaml': ['productpage', 'details', 'reviews', 'ratings'].map((s) => `apiVersion: v1
kind: Service
metadata:
  name: ${s}
  namespace: bookinfo
spec:
  selector:
    app: ${s}
  ports:
  - name: http
    port: 9080
`).join('---\n'),
  'bookinfo/workloads.yaml': [['productpage', 'v1'], ['details', 'v1'], ['reviews', 'v1'], ['reviews', 'v2'], ['reviews', 'v3'], ['ratings', 'v1']]
    .map(([app, v], i) => `apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata:
  name: ${app}-${v}
  namespace: bookinfo
spec:
  address: 10.0.0.${i + 1}
  serviceAccount: bookinfo-${app}
  labels:
    app: ${app}
    version: ${v}
`).join('---\n'),
  'bookinfo/reviews-dr.yaml': `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookinfo
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
  - name: v3
    labels: {version: v3}
`,
  'bookinfo/reviews-vs.yaml': REVIEWS_VS,
}

export async function makeConfigDir(files: Record<string, string> = BOOKINFO_FILES): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'trellis-api-'))
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true })
    await writeFile(join(dir, rel), text)
  }
  return dir
}

export async function withTrellis(opts: { viewOnly?: boolean; files?: Record<string, string> } = {}): Promise<{ trellis: Trellis; dir: string; cleanup(): Promise<void> }> {
  const dir = await makeConfigDir(opts.files)
  const trellis = await createTrellis({ configDir: dir, viewOnly: opts.viewOnly, logger: pino({ level: 'silent' }), webRoot: join(dir, 'no-web') })
  return {
    trellis,
    dir,
    async cleanup() {
      await trellis.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Polls until the check passes or the deadline passes; returns the elapsed milliseconds. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 2000): Promise<number> {
  const start = Date.now()
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 10))
  }
  return Date.now() - start
}
