// One error shape for every failure the API reports (ApiError in shared/api.ts).
import type { FastifyError, FastifyInstance } from 'fastify'
import type { ApiError } from '../../shared/api.ts'
import { ConflictError, InvalidObjectError, StoreError } from '../store/errors.ts'
import type { ConfigStore } from '../store/types.ts'

export function installErrorHandler(app: FastifyInstance, store: ConfigStore): void {
  app.setErrorHandler((err: FastifyError | StoreError | Error, req, reply) => {
    let body: ApiError
    if (err instanceof StoreError) {
      body = { error: err.message, reason: err.reason, statusCode: err.statusCode }
      if (err instanceof InvalidObjectError) body.checks = err.checks
      if (err instanceof ConflictError) {
        const current = store.get(err.ref)
        if (current) body.current = current
      }
    } else if ('validation' in err && err.validation) {
      body = { error: `Invalid request: ${err.message}`, reason: 'BadRequest', statusCode: 400 }
    } else if ('code' in err && err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      body = { error: 'Request body is larger than the 1 MiB limit', reason: 'RequestEntityTooLarge', statusCode: 413 }
    } else if ('statusCode' in err && typeof err.statusCode === 'number' && err.statusCode < 500) {
      body = { error: err.message, reason: 'BadRequest', statusCode: err.statusCode }
    } else {
      req.log.error({ err }, 'request failed')
      body = { error: `Internal error: ${err.message}`, reason: 'InternalError', statusCode: 500 }
    }
    reply.status(body.statusCode).type('application/json').send(body)
  })
}
