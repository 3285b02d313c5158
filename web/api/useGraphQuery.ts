import { keepPreviousData, useQuery } from '@tanstack/react-query'
import Type from 'typebox'
import { Compile } from 'typebox/compile'
import { GraphResponse } from '../../shared/graph.ts'
import { request } from './client.ts'
import { ApiError } from './errors.ts'
import { apiPaths, type GraphRequest } from './paths.ts'
import { queryKeys } from './queryKeys.ts'
import { retryTelemetry } from './retry.ts'

/** Building a big graph takes Prometheus a while; the server answers 503 itself before this. */
const GRAPH_TIMEOUT_MS = 30_000

/**
 * A graph answer runs to megabytes (1,000 workloads and 5,000 edges: 3.4 MB): the compiled check
 * takes a fifth of the time of the generic one the client uses for small answers, measured at
 * ~80 ms against ~400 ms. Compiled on first use, so pages without a graph never pay for it.
 */
const compileGraphCheck = () => Compile(GraphResponse)
let validator: ReturnType<typeof compileGraphCheck> | undefined

export async function fetchGraph(req: GraphRequest, signal?: AbortSignal): Promise<GraphResponse> {
  const url = apiPaths.graph(req)
  const body = await request(Type.Unknown(), url, { signal, timeoutMs: GRAPH_TIMEOUT_MS })
  const check = (validator ??= compileGraphCheck())
  if (!check.Check(body)) {
    const [first] = check.Errors(body)
    throw ApiError.invalidResponse('GET', url, first ? `${first.instancePath || '/'}: ${first.message}` : 'unexpected shape')
  }
  return body
}

/**
 * The traffic graph, refetched every `refreshMs`. A failed refetch keeps the last graph beside the
 * error (react-query keeps data on error), so the page can grey it under a banner; another request
 * (namespaces, graph type) keeps the old graph on screen until the new one arrives, so the page can
 * diff one into the other and keep the nodes both share where they were.
 */
export function useGraphQuery(req: GraphRequest | undefined, refreshMs: number) {
  return useQuery({
    queryKey: req ? queryKeys.graph(req) : ['telemetry', 'graph', 'none'],
    queryFn: ({ signal }) => fetchGraph(req!, signal),
    enabled: req !== undefined,
    placeholderData: keepPreviousData,
    refetchInterval: refreshMs || false,
    retry: retryTelemetry,
  })
}
