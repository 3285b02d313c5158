// What each page not built yet will hold, and which piece of work brings it.
export interface Placeholder {
  title: string
  body: string
  arrivesWith: string
}

export const PLACEHOLDERS = {
  graph: {
    title: 'Graph',
    body: 'The traffic graph will show who calls whom: services and workloads as nodes, requests as edges with their rate, error ratio and latency, and the edge turning red when a route breaks.',
    arrivesWith: 'the telemetry issue',
  },
  traces: {
    title: 'Traces',
    body: 'Traces will let you search requests by service, duration and error, and follow one request across its spans.',
    arrivesWith: 'the tracing issue',
  },
} as const satisfies Record<string, Placeholder>

export type PlaceholderName = keyof typeof PLACEHOLDERS
