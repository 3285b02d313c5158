// Serves the built web app, with index.html for every client-side route.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'

export async function webRoutes(app: FastifyInstance, { webRoot }: { webRoot: string }): Promise<void> {
  const hasWeb = existsSync(join(webRoot, 'index.html'))
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false })
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET') {
      reply.status(404).send({ error: `No route ${req.method} ${req.url.split('?')[0]}`, reason: 'NotFound', statusCode: 404 })
      return
    }
    if (!hasWeb) {
      reply.status(404).type('text/plain').send(`The web app is not built (looked in ${webRoot}): run \`npm run build\`.`)
      return
    }
    reply.header('cache-control', 'no-cache').sendFile('index.html')
  })
}
