// Clients of a proxyless workload: channels to `xds:///host:port`, routed by what the control
// plane says for that host, and a promise-returning unary call with deadline and metadata.
import * as grpc from '@grpc/grpc-js'
import { currentRegistration } from './register.ts'

/**
 * How the channel secures its connections.
 * - `insecure`: plaintext, whatever the control plane says.
 * - `xds`: the cluster's TLS context from CDS (mTLS, once the bootstrap carries certificate
 *   providers), plaintext where the control plane sends none.
 */
export type ChannelSecurity = 'insecure' | 'xds'

export interface XdsClientOptions {
  security?: ChannelSecurity
  channelOptions?: grpc.ChannelOptions
}

/** What grpc-js service client constructors (makeClientConstructor, proto-loader) look like. */
export type ClientConstructor<C extends grpc.Client> = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => C

const XDS_TARGET = /^xds:\/\/\/[^/\s]+$/

/** A typed client of one service, e.g. `createXdsClient(EchoClient, 'xds:///echo.default.svc.cluster.local:7070')`. */
export function createXdsClient<C extends grpc.Client>(
  Ctor: ClientConstructor<C>,
  target: string,
  opts: XdsClientOptions = {},
): C {
  checkTarget(target)
  return new Ctor(target, channelCredentials(opts.security ?? 'insecure'), opts.channelOptions)
}

/** A service-agnostic client: call any method with `unaryCall(channel, methodDefinition, …)`. */
export function xdsChannel(target: string, opts: XdsClientOptions = {}): grpc.Client {
  return createXdsClient(grpc.Client, target, opts)
}

export interface CallOptions {
  /** Deadline in ms from now; none by default (as Istio's default: no timeout). */
  deadlineMs?: number
  /** Request headers, e.g. `{ 'end-user': 'tester' }`; a list sends the header repeatedly. */
  metadata?: grpc.Metadata | Record<string, string | string[]>
}

/**
 * One unary call. Resolves with the response; rejects with the grpc.ServiceError (`code`,
 * `details`) the call ended with — see isServiceError.
 */
export function unaryCall<Req, Res>(
  client: grpc.Client,
  method: grpc.MethodDefinition<Req, Res>,
  request: Req,
  opts: CallOptions = {},
): Promise<Res> {
  const callOptions: grpc.CallOptions = opts.deadlineMs !== undefined ? { deadline: Date.now() + opts.deadlineMs } : {}
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      request,
      toMetadata(opts.metadata),
      callOptions,
      (err, response) => {
        if (err) reject(err)
        else if (response === undefined) reject(new Error(`${method.path}: the call succeeded without a response message`))
        else resolve(response)
      },
    )
  })
}

export function isServiceError(e: unknown): e is grpc.ServiceError {
  return e instanceof Error && typeof (e as Partial<grpc.ServiceError>).code === 'number'
}

function toMetadata(input: CallOptions['metadata']): grpc.Metadata {
  if (input instanceof grpc.Metadata) return input
  const metadata = new grpc.Metadata()
  for (const [key, value] of Object.entries(input ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) metadata.add(key, v)
  }
  return metadata
}

function checkTarget(target: string): void {
  if (!XDS_TARGET.test(target)) {
    throw new Error(`xDS target must be xds:///host:port (e.g. xds:///reviews.bookinfo.svc.cluster.local:9080), got '${target}'`)
  }
  // Fails with a clear message if grpc-js-xds is not registered (the xds: scheme would be unknown).
  currentRegistration()
}

function channelCredentials(security: ChannelSecurity): grpc.ChannelCredentials {
  const insecure = grpc.credentials.createInsecure()
  return security === 'xds' ? new (currentRegistration().xds.XdsChannelCredentials)(insecure) : insecure
}
