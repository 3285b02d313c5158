// What each page not built yet will hold, and which piece of work brings it.
export interface Placeholder {
  title: string
  body: string
  arrivesWith: string
}

export const PLACEHOLDERS = {
  overview: {
    title: 'Overview',
    body: "The overview will show each namespace at a glance: its applications, workloads and services, their health and request rates, and how many config objects have errors or warnings.",
    arrivesWith: 'the mesh model and telemetry issues',
  },
  graph: {
    title: 'Graph',
    body: 'The traffic graph will show who calls whom: services and workloads as nodes, requests as edges with their rate, error ratio and latency, and the edge turning red when a route breaks.',
    arrivesWith: 'the telemetry issue',
  },
  applications: {
    title: 'Applications',
    body: 'Applications will group workloads by their app label, with their versions, health and the traffic each version takes.',
    arrivesWith: 'the mesh model issue',
  },
  workloads: {
    title: 'Workloads',
    body: 'Workloads will list every workload entry and proxy with its labels, service account and identity, and the services that select it.',
    arrivesWith: 'the mesh model issue',
  },
  services: {
    title: 'Services',
    body: 'Services will list every service with its ports, endpoints, and the VirtualServices and DestinationRules that apply to its host.',
    arrivesWith: 'the mesh model issue',
  },
  traces: {
    title: 'Traces',
    body: 'Traces will let you search requests by service, duration and error, and follow one request across its spans.',
    arrivesWith: 'the tracing issue',
  },
} as const satisfies Record<string, Placeholder>

export type PlaceholderName = keyof typeof PLACEHOLDERS
