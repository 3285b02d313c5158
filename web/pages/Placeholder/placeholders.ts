// What each page not built yet will hold, and which piece of work brings it.
export interface Placeholder {
  title: string
  body: string
  arrivesWith: string
}

export const PLACEHOLDERS = {
  traces: {
    title: 'Traces',
    body: 'Traces will let you search requests by service, duration and error, and follow one request across its spans.',
    arrivesWith: 'the tracing issue',
  },
} as const satisfies Record<string, Placeholder>

export type PlaceholderName = keyof typeof PLACEHOLDERS
