// The demo's log: pino, as everywhere in Trellis, written as short readable lines for a person at
// a terminal (`13:02:11 WARN  [demo] reviews-v2 exited … restarting in 2 s`), or as JSON lines
// with `json: true`.
import pino, { type Logger } from 'pino'

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' }
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'part'])

/** One pino JSON line as text: time, level, part, message, then the other fields as key=value. */
export function formatLine(json: string): string {
  let rec: Record<string, unknown>
  try {
    rec = JSON.parse(json) as Record<string, unknown>
  } catch {
    return json
  }
  const time = typeof rec.time === 'number' ? new Date(rec.time).toTimeString().slice(0, 8) : ''
  const level = LEVELS[rec.level as number] ?? String(rec.level)
  const part = typeof rec.part === 'string' ? `[${rec.part}] ` : ''
  const fields = Object.entries(rec)
    .filter(([k]) => !OMIT.has(k))
    .map(([k, v]) => `${k}=${fieldText(v)}`)
    .join(' ')
  return `${time} ${level} ${part}${String(rec.msg ?? '')}${fields ? `  ${fields}` : ''}`
}

function fieldText(v: unknown): string {
  if (typeof v === 'string') return /[\s"]/.test(v) ? JSON.stringify(v) : v
  if (v && typeof v === 'object' && 'message' in v && typeof (v as { message: unknown }).message === 'string') {
    return JSON.stringify((v as { message: string }).message)
  }
  return JSON.stringify(v)
}

export function demoLogger(opts: { level?: string; json?: boolean; write?: (line: string) => void } = {}): Logger {
  const write = opts.write ?? ((line: string) => process.stdout.write(line))
  const level = opts.level ?? 'info'
  if (opts.json) return pino({ level }, { write })
  return pino({ level }, {
    write: (chunk: string) => {
      for (const line of chunk.split('\n')) if (line) write(`${formatLine(line)}\n`)
    },
  })
}
