// Applications, workloads and services from the API, each tagged with its kind so one list or
// detail page can hold any of them and still know the exact shape it has.
import Type from 'typebox'
import { AppSummary, ServiceSummary, WorkloadSummary } from '../../shared/telemetry.ts'
import { ENTITIES, type EntityKind } from '../app/url/entities.ts'
import { request } from './client.ts'
import { apiPaths } from './paths.ts'

export type Entity =
  | { kind: 'app'; summary: AppSummary }
  | { kind: 'workload'; summary: WorkloadSummary }
  | { kind: 'service'; summary: ServiceSummary }

const AppList = Type.Array(AppSummary)
const WorkloadList = Type.Array(WorkloadSummary)
const ServiceList = Type.Array(ServiceSummary)

/** GET /api/namespaces/{ns}/apps|workloads|services */
export async function fetchEntities(kind: EntityKind, namespace: string, signal?: AbortSignal): Promise<Entity[]> {
  const url = apiPaths.entities(ENTITIES[kind].api, namespace)
  switch (kind) {
    case 'app':
      return (await request(AppList, url, { signal })).map((summary) => ({ kind, summary }))
    case 'workload':
      return (await request(WorkloadList, url, { signal })).map((summary) => ({ kind, summary }))
    case 'service':
      return (await request(ServiceList, url, { signal })).map((summary) => ({ kind, summary }))
  }
}

/** GET /api/namespaces/{ns}/apps|workloads|services/{name} */
export async function fetchEntity(kind: EntityKind, namespace: string, name: string, signal?: AbortSignal): Promise<Entity> {
  const url = apiPaths.entity(ENTITIES[kind].api, namespace, name)
  switch (kind) {
    case 'app':
      return { kind, summary: await request(AppSummary, url, { signal }) }
    case 'workload':
      return { kind, summary: await request(WorkloadSummary, url, { signal }) }
    case 'service':
      return { kind, summary: await request(ServiceSummary, url, { signal }) }
  }
}
