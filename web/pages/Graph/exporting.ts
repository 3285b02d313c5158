// Saving the graph: the answer as received (JSON, what a Kiali script would read) and the picture
// (PNG). Names say what and when: trellis-graph-versionedApp-bookinfo-20260101-120000.json.
import type { GraphResponse } from '../../../shared/graph.ts'

function stamp(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`
}

/** A file name safe everywhere: letters, digits, dots, dashes. */
export function exportFileName(graph: GraphResponse, namespaces: readonly string[], extension: 'json' | 'png'): string {
  const scope = namespaces.length === 0 ? 'all' : namespaces.length <= 3 ? namespaces.join('+') : `${namespaces.length}-namespaces`
  return `trellis-graph-${graph.graphType}-${scope}-${stamp(graph.timestamp)}.${extension}`.replace(/[^A-Za-z0-9.+_-]/g, '_')
}

export function graphJson(graph: GraphResponse): Blob {
  return new Blob([JSON.stringify(graph, null, 2)], { type: 'application/json' })
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.append(a)
  a.click()
  a.remove()
  // Some browsers read the URL after click() returns: free it once the download has surely started.
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}
