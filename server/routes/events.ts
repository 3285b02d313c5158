// GET /api/events: server-sent events for config and validation changes.
import type { FastifyInstance } from 'fastify'
import type { RouteDeps } from './context.ts'

const KEEPALIVE_MS = 15_000

export async function eventRoutes(app: FastifyInstance, { events }: RouteDeps): Promise<void> {
  app.get('/api/events', { schema: {} }, (req, reply) => {
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    res.write('retry: 2000\n\n')
    const unsubscribe = events.subscribe(({ event, data }) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    })
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS)
    const stop = () => {
      clearInterval(keepalive)
      unsubscribe()
    }
    req.raw.on('close', stop)
    res.on('error', stop)
  })
}
