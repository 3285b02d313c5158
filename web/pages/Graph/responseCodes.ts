// Response codes and Envoy response flags in words: gRPC status codes by their names
// (UNAVAILABLE (14)), HTTP codes with their reason phrase, flags with what they mean.
// Pure: tested in test/unit/web/graph-summary.test.ts.

/** google.rpc.Code, as grpc_response_status carries it. */
export const GRPC_STATUS: readonly string[] = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
]

const HTTP_REASON: Readonly<Record<string, string>> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No Content',
  '301': 'Moved Permanently',
  '302': 'Found',
  '304': 'Not Modified',
  '400': 'Bad Request',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'Not Found',
  '408': 'Request Timeout',
  '409': 'Conflict',
  '429': 'Too Many Requests',
  '499': 'Client Closed Request',
  '500': 'Internal Server Error',
  '501': 'Not Implemented',
  '502': 'Bad Gateway',
  '503': 'Service Unavailable',
  '504': 'Gateway Timeout',
}

/** Envoy's response flags that Istio reports in `response_flags`. */
const FLAG_MEANING: Readonly<Record<string, string>> = {
  '-': 'none',
  DC: 'downstream connection terminated',
  DI: 'delayed by fault injection',
  DPE: 'downstream protocol error',
  FI: 'aborted by fault injection',
  IH: 'rejected: invalid header value',
  LH: 'local health check failed',
  LR: 'connection reset locally',
  NC: 'no cluster for the route',
  NR: 'no route configured',
  OM: 'overload manager',
  RL: 'rate limited locally',
  RLSE: 'rate limit service error',
  SI: 'stream idle timeout',
  UAEX: 'denied by external authorization',
  UC: 'upstream connection terminated',
  UF: 'upstream connection failure',
  UH: 'no healthy upstream',
  UMSDR: 'upstream request reached max stream duration',
  UO: 'upstream overflow (circuit breaking)',
  UPE: 'upstream protocol error',
  UR: 'upstream remote reset',
  URX: 'upstream retry limit exceeded',
  UT: 'upstream request timeout',
}

/** "UNAVAILABLE (14)", "503 Service Unavailable", "No response" for `-`. */
export function responseCodeLabel(protocol: string, code: string): string {
  if (code === '-') return 'No response'
  if (protocol === 'grpc') {
    const name = /^\d+$/.test(code) ? GRPC_STATUS[Number(code)] : undefined
    return name ? `${name} (${code})` : code
  }
  const reason = HTTP_REASON[code]
  return reason ? `${code} ${reason}` : code
}

/** A failed request: gRPC status other than OK, HTTP 4xx/5xx, or no response at all. */
export function isErrorCode(protocol: string, code: string): boolean {
  if (code === '-') return true
  if (protocol === 'grpc') return code !== '0'
  return /^[45]\d\d$/.test(code)
}

/** "UH (no healthy upstream)"; each flag of a comma list. */
export function responseFlagLabel(flags: string): string {
  return flags
    .split(',')
    .map((f) => {
      const meaning = FLAG_MEANING[f.trim()]
      return meaning && f !== '-' ? `${f} (${meaning})` : f === '-' ? 'no flag' : f
    })
    .join(', ')
}
