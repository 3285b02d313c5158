// productpage's HTTP side: the book, its details and its reviews on one page, from Details and
// Reviews over xDS-routed gRPC. The page says which reviews version answered: no stars (v1),
// black stars (v2), red stars (v3). `end-user` (header, or `?user=` from a browser) is passed on,
// so VirtualService header matches work as in Istio's Bookinfo.
import type { IncomingMessage, ServerResponse } from 'node:http'
import * as grpc from '@grpc/grpc-js'
import { isServiceError, unaryCall } from '../workload/client.ts'
import {
  BOOK, GetDetails, GetReviews, forwardedMetadata,
  type BookDetails, type Identity, type ReviewsReply,
} from './bookinfo.ts'

export interface ProductPageDeps {
  self: Identity
  details: grpc.Client
  reviews: grpc.Client
  /** Per call; Bookinfo's productpage uses 3 s. */
  deadlineMs?: number
  /** Run first for every request (telemetry); `serve` runs the page inside it (tracing's server span). */
  observe?: (req: IncomingMessage, res: ServerResponse) => void
  serve?: (req: IncomingMessage, res: ServerResponse, handle: () => void) => void
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string }

export function productPageHandler(deps: ProductPageDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const deadlineMs = deps.deadlineMs ?? 3000
  const call = async <T>(client: grpc.Client, method: grpc.MethodDefinition<{ product_id: number }, T>, metadata: Record<string, string>): Promise<Outcome<T>> => {
    try {
      return { ok: true, value: await unaryCall(client, method, { product_id: BOOK.id }, { deadlineMs, metadata }) }
    } catch (e) {
      return { ok: false, error: isServiceError(e) ? `${grpc.status[e.code]}: ${e.details}` : String(e) }
    }
  }

  const page = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const headers = { ...forwardedMetadata(req.headers) }
    const user = url.searchParams.get('user')
    if (user) headers['end-user'] = user
    const [details, reviews] = await Promise.all([
      call<BookDetails>(deps.details, GetDetails, headers),
      call<ReviewsReply>(deps.reviews, GetReviews, headers),
    ])
    const html = renderProductPage({ details, reviews, user: headers['end-user'], servedBy: deps.self })
    // As Bookinfo: the page itself answers 200 even when a part of it is unavailable.
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html)
  }

  const route = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://productpage')
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n')
    } else if (url.pathname === '/productpage') {
      page(req, res, url).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(`productpage failed: ${e instanceof Error ? e.message : String(e)}\n`)
      })
    } else if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(INDEX)
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /productpage\n')
    }
  }

  return (req, res) => {
    deps.observe?.(req, res)
    if (deps.serve) deps.serve(req, res, () => route(req, res))
    else route(req, res)
  }
}

const INDEX = `<!doctype html><html><head><meta charset="utf-8"><title>Bookinfo</title></head>
<body style="font-family: sans-serif; margin: 2em"><h1>Bookinfo (Trellis demo)</h1>
<p><a href="/productpage">Normal user</a> · <a href="/productpage?user=jason">Test user (jason)</a></p></body></html>`

export interface PageModel {
  details: Outcome<BookDetails>
  reviews: Outcome<ReviewsReply>
  user?: string
  servedBy: Identity
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
}

function stars(n: number, color: string): string {
  if (n <= 0) return ''
  const full = '★'.repeat(Math.min(n, 5))
  const empty = '☆'.repeat(Math.max(0, 5 - n))
  return `<span class="stars" data-stars="${n}" style="color: ${color === 'red' ? 'red' : 'black'}">${full}${empty}</span>`
}

export function renderProductPage(m: PageModel): string {
  const details = m.details.ok
    ? `<dl id="details">
  <dt>Type</dt><dd>${escapeHtml(m.details.value.type)}</dd>
  <dt>Pages</dt><dd>${m.details.value.pages}</dd>
  <dt>Publisher</dt><dd>${escapeHtml(m.details.value.publisher)}</dd>
  <dt>Language</dt><dd>${escapeHtml(m.details.value.language)}</dd>
  <dt>ISBN-10</dt><dd>${escapeHtml(m.details.value.isbn_10)}</dd>
  <dt>ISBN-13</dt><dd>${escapeHtml(m.details.value.isbn_13)}</dd>
</dl>`
    : `<p id="details" class="error">Sorry, product details are currently unavailable for this book. (${escapeHtml(m.details.error)})</p>`

  let reviews: string
  if (m.reviews.ok) {
    const r = m.reviews.value
    const items = r.reviews.map((rv) => `<blockquote class="review">
  <p>${escapeHtml(rv.text)}</p>
  <small>${escapeHtml(rv.reviewer)}</small> ${stars(rv.stars, rv.color)}
</blockquote>`).join('\n')
    const ratingsError = r.ratings_error ? `<p class="error">${escapeHtml(r.ratings_error)}</p>` : ''
    reviews = `<section id="reviews" data-version="${escapeHtml(r.version)}" data-workload="${escapeHtml(r.workload)}">
${items}
${ratingsError}
<p class="served-by">Reviews served by: <b>${escapeHtml(r.workload)}</b> (pod ${escapeHtml(r.pod)})</p>
</section>`
  } else {
    reviews = `<section id="reviews"><p class="error">Sorry, product reviews are currently unavailable for this book. (${escapeHtml(m.reviews.error)})</p></section>`
  }

  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Simple Bookstore App</title>
<style>body{font-family:sans-serif;margin:2em;max-width:60em} .error{color:#a00} dl{display:grid;grid-template-columns:8em auto}
blockquote{border-left:3px solid #ccc;margin:1em 0;padding-left:1em} .stars{font-size:1.2em} .served-by{color:#555}</style></head>
<body>
<header><b>BookInfo Sample</b>${m.user ? ` · signed in as <span id="user">${escapeHtml(m.user)}</span>` : ''} · page by ${escapeHtml(m.servedBy.workload)}</header>
<h1>${escapeHtml(BOOK.title)}</h1>
<p>${escapeHtml(BOOK.summary)}</p>
<div style="display:grid;grid-template-columns:1fr 1fr;gap:2em">
<div><h2>Book Details</h2>
${details}</div>
<div><h2>Book Reviews</h2>
${reviews}</div>
</div>
</body></html>
`
}
