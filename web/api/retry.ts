// Retries for telemetry queries. A 503 means Prometheus is down or not configured: the status
// banner already says so, and retrying within seconds would only delay the message.
import { ApiError } from './errors.ts'

const MAX_RETRIES = 2

export function retryTelemetry(failures: number, err: unknown): boolean {
  if (err instanceof ApiError && (err.isUnavailable || !err.isTransient)) return false
  return failures < MAX_RETRIES
}
