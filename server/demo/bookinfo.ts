// Bookinfo's services (bookinfo.proto): typed clients and methods, the book's data, and the
// Details, Reviews and Ratings implementations. Reviews v1 shows no stars; v2 and v3 ask Ratings
// and show black (v2) or red (v3) stars, as in Istio's Bookinfo.
import { fileURLToPath } from 'node:url'
import * as grpc from '@grpc/grpc-js'
import * as protoLoader from '@grpc/proto-loader'
import { isServiceError, unaryCall } from '../workload/client.ts'
import type { ServiceBinding } from '../workload/server.ts'

export const BOOKINFO_PROTO = fileURLToPath(new URL('./bookinfo.proto', import.meta.url))
export const NAMESPACE = 'bookinfo'
/** The port every Bookinfo Service listens on (as in Istio's samples). */
export const SERVICE_PORT = 9080

export interface ProductRequest {
  product_id: number
}
export interface BookDetails {
  id: number
  author: string
  year: number
  type: string
  pages: number
  publisher: string
  language: string
  isbn_10: string
  isbn_13: string
}
export interface Review {
  reviewer: string
  text: string
  stars: number
  color: string
}
export interface ReviewsReply {
  product_id: number
  reviews: Review[]
  workload: string
  version: string
  pod: string
  ratings_error: string
}
export interface RatingsReply {
  product_id: number
  ratings: Record<string, number>
  workload: string
}

const definition = protoLoader.loadSync(BOOKINFO_PROTO, { keepCase: true, longs: Number, enums: String, defaults: true })
const pkg = grpc.loadPackageDefinition(definition).bookinfo as grpc.GrpcObject

export const DetailsClient = pkg.Details as grpc.ServiceClientConstructor
export const ReviewsClient = pkg.Reviews as grpc.ServiceClientConstructor
export const RatingsClient = pkg.Ratings as grpc.ServiceClientConstructor
export const GetDetails: grpc.MethodDefinition<ProductRequest, BookDetails> = DetailsClient.service.GetDetails
export const GetReviews: grpc.MethodDefinition<ProductRequest, ReviewsReply> = ReviewsClient.service.GetReviews
export const GetRatings: grpc.MethodDefinition<ProductRequest, RatingsReply> = RatingsClient.service.GetRatings

export const BOOK = {
  id: 0,
  title: 'The Comedy of Errors',
  summary:
    'Wikipedia Summary: The Comedy of Errors is one of William Shakespeare’s early plays. It is his shortest and one of his ' +
    'most farcical comedies, with a major part of the humour coming from slapstick and mistaken identity, in addition to puns and word play.',
}

const DETAILS: BookDetails = {
  id: 0, author: 'William Shakespeare', year: 1595, type: 'paperback', pages: 200, publisher: 'PublisherA',
  language: 'English', isbn_10: '1234567890', isbn_13: '123-1234567890',
}

const REVIEWS = [
  { reviewer: 'Reviewer1', text: 'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!' },
  { reviewer: 'Reviewer2', text: 'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.' },
]

const RATINGS: Record<string, number> = { Reviewer1: 5, Reviewer2: 4 }

/** Headers a Bookinfo service passes on to the services it calls (Istio asks apps to forward these). */
export const FORWARDED_HEADERS = ['end-user', 'x-request-id', 'user-agent']

export function forwardedMetadata(from: grpc.Metadata | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key of FORWARDED_HEADERS) {
    const v = from instanceof grpc.Metadata ? from.get(key)[0] : from[key]
    const first = Array.isArray(v) ? v[0] : v
    if (typeof first === 'string' && first) out[key] = first
  }
  return out
}

export interface Identity {
  workload: string
  version: string
  pod: string
}

export function detailsService(): ServiceBinding {
  const GetDetails: grpc.handleUnaryCall<ProductRequest, BookDetails> = (call, callback) => {
    callback(null, { ...DETAILS, id: call.request.product_id })
  }
  return { definition: DetailsClient.service, implementation: { GetDetails } }
}

export function ratingsService(self: Identity): ServiceBinding {
  const GetRatings: grpc.handleUnaryCall<ProductRequest, RatingsReply> = (call, callback) => {
    callback(null, { product_id: call.request.product_id, ratings: RATINGS, workload: self.workload })
  }
  return { definition: RatingsClient.service, implementation: { GetRatings } }
}

/** Reviews: v1 without stars; v2 (black) and v3 (red) with stars from Ratings, called through `ratings`. */
export function reviewsService(self: Identity, ratings: grpc.Client | undefined, ratingsDeadlineMs = 2500): ServiceBinding {
  const color = self.version === 'v2' ? 'black' : self.version === 'v3' ? 'red' : ''
  const GetReviews: grpc.handleUnaryCall<ProductRequest, ReviewsReply> = (call, callback) => {
    const reply = (stars: Record<string, number>, ratingsError: string): void => callback(null, {
      product_id: call.request.product_id,
      reviews: REVIEWS.map((r) => ({ ...r, stars: stars[r.reviewer] ?? 0, color: stars[r.reviewer] ? color : '' })),
      workload: self.workload, version: self.version, pod: self.pod, ratings_error: ratingsError,
    })
    if (!color || !ratings) {
      reply({}, '')
      return
    }
    unaryCall(ratings, GetRatings, { product_id: call.request.product_id }, {
      deadlineMs: ratingsDeadlineMs, metadata: forwardedMetadata(call.metadata),
    }).then(
      (r) => reply(r.ratings, ''),
      (e: unknown) => reply({}, `Ratings service is currently unavailable (${isServiceError(e) ? grpc.status[e.code] : String(e)})`),
    )
  }
  return { definition: ReviewsClient.service, implementation: { GetReviews } }
}
