// Typed store errors; each carries the HTTP status the REST API answers with.
import type { ObjectRef } from '../../shared/k8s.ts'
import { describeRef } from '../../shared/k8s.ts'
import type { IstioCheck } from '../../shared/validation.ts'

export abstract class StoreError extends Error {
  abstract readonly statusCode: number
  abstract readonly reason: string
}

export class NotFoundError extends StoreError {
  readonly statusCode = 404
  readonly reason = 'NotFound'
  constructor(readonly ref: ObjectRef) {
    super(`${describeRef(ref)} not found`)
  }
}

export class AlreadyExistsError extends StoreError {
  readonly statusCode = 409
  readonly reason = 'AlreadyExists'
  constructor(readonly ref: ObjectRef) {
    super(`${describeRef(ref)} already exists`)
  }
}

export class ConflictError extends StoreError {
  readonly statusCode = 409
  readonly reason = 'Conflict'
  constructor(readonly ref: ObjectRef, readonly expected: string | undefined, readonly current: string) {
    super(
      expected === undefined
        ? `${describeRef(ref)}: metadata.resourceVersion is required to replace an object (current is ${current})`
        : `${describeRef(ref)} was changed by someone else: resourceVersion ${expected} is stale, current is ${current}; reload and apply your change again`,
    )
  }
}

export class InvalidObjectError extends StoreError {
  readonly statusCode = 400
  readonly reason = 'Invalid'
  constructor(readonly ref: ObjectRef | undefined, readonly checks: IstioCheck[]) {
    const what = ref ? describeRef(ref) : 'object'
    const errors = checks.filter((c) => c.severity === 'error')
    super(`${what} is invalid: ${errors.map((c) => `${c.path || '(object)'}: ${c.message}`).join('; ')}`)
  }
}

export class BadRequestError extends StoreError {
  readonly statusCode = 400
  readonly reason = 'BadRequest'
}
