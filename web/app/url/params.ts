// Reading and writing list-valued search params (`?namespaces=a,b`). Pure: tested in test/unit/web.

/** Splits a comma list, trimming, dropping empties and duplicates, keeping the first occurrence's order. */
export function parseList(value: string | null): string[] {
  if (!value) return []
  const out: string[] = []
  for (const part of value.split(',')) {
    const v = part.trim()
    if (v && !out.includes(v)) out.push(v)
  }
  return out
}

/** A copy of `params` with `key` set, or removed when the value is empty. */
export function withParam(params: URLSearchParams, key: string, value: string | readonly string[] | undefined): URLSearchParams {
  const next = new URLSearchParams(params)
  const text = typeof value === 'string' ? value : value ? value.join(',') : ''
  if (text) next.set(key, text)
  else next.delete(key)
  return next
}

/** `?a=b` or '' — for building hrefs. */
export function searchString(params: URLSearchParams): string {
  const s = params.toString()
  return s ? `?${s}` : ''
}
