// OpenTelemetry's active context over node:async_hooks' AsyncLocalStorage, so that a client call
// made while handling a request (after awaits, in callbacks) is a child of that request's span.
// @opentelemetry/context-async-hooks does the same; this is the few lines of it we need.
import { AsyncLocalStorage } from 'node:async_hooks'
import { ROOT_CONTEXT, context, type Context, type ContextManager } from '@opentelemetry/api'

export class AsyncLocalStorageContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>()

  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(ctx, () => fn.apply(thisArg, args) as ReturnType<F>)
  }

  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target
    const fn = target as unknown as (...args: unknown[]) => unknown
    return ((...args: unknown[]) => this.with(ctx, () => fn(...args))) as unknown as T
  }

  enable(): this {
    return this
  }

  disable(): this {
    this.storage.disable()
    return this
  }
}

let installed = false

/** Installs the manager as the process's global context manager (once; later calls are no-ops). */
export function installContextManager(): void {
  if (installed) return
  installed = context.setGlobalContextManager(new AsyncLocalStorageContextManager())
  if (!installed) throw new Error('another OpenTelemetry context manager is already registered in this process')
}
