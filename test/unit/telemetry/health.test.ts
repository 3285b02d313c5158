// Health from request rates with Kiali's default tolerances, and how outcomes are filed.
import { describe, expect, it } from 'vitest'
import { DEFAULT_TOLERANCES, HealthPolicy, isFailure, naHealth } from '../../../server/telemetry/health.ts'
import { addSamples, outcomeCode, type RatesByEntity } from '../../../server/telemetry/prometheus/request-rates.ts'

const policy = new HealthPolicy()
const http = (codes: Record<string, number>) => ({ http: codes })
const grpc = (codes: Record<string, number>) => ({ grpc: codes })

describe('Kiali default tolerances', () => {
  it('HTTP 5xx: any is Degraded, 10 % is Failure', () => {
    expect(policy.health(http({ 200: 100 }), {}).status).toBe('Healthy')
    expect(policy.health(http({ 200: 999, 500: 1 }), {}).status).toBe('Degraded')
    expect(policy.health(http({ 200: 91, 503: 9 }), {}).status).toBe('Degraded')
    expect(policy.health(http({ 200: 90, 503: 10 }), {}).status).toBe('Failure')
  })

  it('HTTP 4xx: 10 % is Degraded, 20 % is Failure', () => {
    expect(policy.health(http({ 200: 91, 404: 9 }), {}).status).toBe('Healthy')
    expect(policy.health(http({ 200: 90, 404: 10 }), {}).status).toBe('Degraded')
    expect(policy.health(http({ 200: 80, 404: 20 }), {}).status).toBe('Failure')
  })

  it('gRPC statuses 1–16: any is Degraded, 10 % is Failure; OK and HTTP codes are not gRPC errors', () => {
    expect(policy.health(grpc({ 0: 100 }), {}).status).toBe('Healthy')
    expect(policy.health(grpc({ 0: 99, 14: 1 }), {}).status).toBe('Degraded')
    expect(policy.health(grpc({ 0: 90, 4: 10 }), {}).status).toBe('Failure')
    expect(policy.health(grpc({ 0: 90, 16: 10 }), {}).status).toBe('Failure')
    expect(policy.health(grpc({ 200: 100 }), {}).status).toBe('Healthy')
  })

  it('no response ("-") counts for HTTP and gRPC', () => {
    expect(policy.health(http({ 200: 99, '-': 1 }), {}).status).toBe('Degraded')
    expect(policy.health(grpc({ 0: 80, '-': 20 }), {}).status).toBe('Failure')
  })

  it('takes the worst of inbound and outbound; errorRatio and requestRate are inbound', () => {
    const h = policy.health(http({ 200: 9.5, 503: 0.5 }), grpc({ 0: 2, 14: 0.1 }))
    expect(h).toEqual({
      status: 'Degraded',
      inbound: http({ 200: 9.5, 503: 0.5 }),
      outbound: grpc({ 0: 2, 14: 0.1 }),
      errorRatio: 0.05,
      requestRate: 10,
    })
    expect(policy.health({}, http({ 200: 1, 500: 1 })).status).toBe('Failure')
    expect(policy.health({}, http({ 200: 1 }))).not.toHaveProperty('errorRatio')
  })

  it('a ratio is per protocol: gRPC errors are not diluted by HTTP traffic', () => {
    expect(policy.health({ http: { 200: 1000 }, grpc: { 0: 8, 14: 2 } }, {}).status).toBe('Failure')
  })

  it('no traffic is Idle; no telemetry is NA', () => {
    expect(policy.health({}, {})).toEqual({ status: 'Idle', inbound: {}, outbound: {}, requestRate: 0 })
    expect(policy.health(http({ 200: 0 }), {}).status).toBe('Idle')
    expect(naHealth()).toEqual({ status: 'NA', inbound: {}, outbound: {}, requestRate: 0 })
  })
})

describe('configured tolerances', () => {
  it('replace the defaults, with direction and protocol patterns', () => {
    const strict = new HealthPolicy([{ code: '5XX', protocol: 'http', direction: 'inbound', degraded: 1, failure: 2 }])
    expect(strict.health(http({ 200: 99.5, 500: 0.5 }), {}).status).toBe('Healthy')
    expect(strict.health(http({ 200: 98.5, 500: 1.5 }), {}).status).toBe('Degraded')
    expect(strict.health(http({ 200: 98, 500: 2 }), {}).status).toBe('Failure')
    // Outbound is not covered by this tolerance, nor is 4xx.
    expect(strict.health({}, http({ 200: 50, 500: 50 })).status).toBe('Healthy')
    expect(strict.health(http({ 200: 50, 404: 50 }), {}).status).toBe('Healthy')
  })

  it('are checked when made', () => {
    expect(() => new HealthPolicy([{ ...DEFAULT_TOLERANCES[0], code: '(' }])).toThrow(/code "\(" is not a regular expression/)
    expect(() => new HealthPolicy([{ ...DEFAULT_TOLERANCES[0], failure: -1 }])).toThrow(/percentages/)
  })
})

describe('outcomes', () => {
  it('files codes as Kiali does', () => {
    expect(outcomeCode({ request_protocol: 'http', response_code: '503' })).toBe('503')
    expect(outcomeCode({ request_protocol: 'http', response_code: '0' })).toBe('-')
    expect(outcomeCode({ request_protocol: 'grpc', response_code: '200', grpc_response_status: '14' })).toBe('14')
    expect(outcomeCode({ request_protocol: 'grpc', response_code: '200' })).toBe('200')
    expect(outcomeCode({ request_protocol: 'grpc', response_code: '0', grpc_response_status: '14' })).toBe('-')
  })

  it('counts failures as Kiali does', () => {
    expect(['-', '400', '404', '500', '503'].every((c) => isFailure('http', c))).toBe(true)
    expect(['200', '302'].some((c) => isFailure('http', c))).toBe(false)
    expect(isFailure('grpc', '14')).toBe(true)
    expect(isFailure('grpc', '0')).toBe(false)
    expect(isFailure('http', '14')).toBe(false)
  })

  it('sorts samples into per-entity rates, summing outcomes that share a code', () => {
    const into: RatesByEntity = new Map()
    addSamples(into, [
      { labels: { destination_workload_namespace: 'bookinfo', destination_workload: 'reviews-v2', request_protocol: 'http', response_code: '200' }, time: 0, value: 1.5 },
      { labels: { destination_workload_namespace: 'bookinfo', destination_workload: 'reviews-v2', request_protocol: 'http', response_code: '503' }, time: 0, value: 0.5 },
      { labels: { destination_workload_namespace: 'bookinfo', destination_workload: 'ratings-v1', request_protocol: 'grpc', response_code: '200', grpc_response_status: '0' }, time: 0, value: 1 },
      { labels: { destination_workload_namespace: 'bookinfo', destination_workload: 'ratings-v1', request_protocol: 'grpc', response_code: '200', grpc_response_status: '0' }, time: 0, value: 1 },
      { labels: { destination_workload_namespace: 'bookinfo', destination_workload: 'ratings-v1', request_protocol: 'grpc', response_code: '200' }, time: 0, value: Number.NaN },
      { labels: { destination_workload: 'nameless-namespace' }, time: 0, value: 1 },
    ], 'workload', 'inbound')
    expect(into.get('bookinfo')?.get('reviews-v2')).toEqual({ inbound: { http: { 200: 1.5, 503: 0.5 } }, outbound: {} })
    expect(into.get('bookinfo')?.get('ratings-v1')).toEqual({ inbound: { grpc: { 0: 2 } }, outbound: {} })
    expect(into.size).toBe(1)
  })
})
