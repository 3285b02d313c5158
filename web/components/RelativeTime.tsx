import { relativeTime } from './time.ts'

/** "5m ago", with the exact time on hover and for machines. */
export function RelativeTime({ iso, now }: { iso: string; now: number }) {
  const exact = new Date(iso)
  const title = Number.isNaN(exact.getTime()) ? iso : exact.toLocaleString()
  return (
    <time dateTime={iso} title={title}>
      {relativeTime(iso, now)}
    </time>
  )
}
