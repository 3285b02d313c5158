// The routing wizards' model: read a service's VirtualService and DestinationRule (any, not only
// ones Trellis wrote) into wizard state, and write the state back into new objects that keep every
// field the wizards do not manage. Shared by the web app and the server; pure.
export * from './change.ts'
export * from './circuit.ts'
export * from './context.ts'
export * from './flags.ts'
export * from './grpc.ts'
export * from './json.ts'
export * from './merge.ts'
export * from './policies.ts'
export * from './rebase.ts'
export * from './remove.ts'
export * from './routes.ts'
export * from './rules.ts'
export * from './split.ts'
export * from './versions.ts'
export * from './weights.ts'
