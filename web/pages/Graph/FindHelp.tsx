import { useId, useRef, useState } from 'react'
import { FIELDS, FLAGS, type Attribute } from './find/attributes.ts'
import { useClickOutside } from '../../components/useClickOutside.ts'

const EXAMPLES: readonly [string, string][] = [
  ['%httperr > 5', 'edges where more than 5% of the HTTP requests fail'],
  ['failure', 'failing nodes and edges'],
  ['app = reviews and version != v1', 'the reviews app, but not version 1'],
  ['name contains rev', 'nodes whose app, service or workload name contains "rev"'],
  ['httpin > 0.5', 'nodes receiving more than 0.5 HTTP requests per second'],
  ['rt > 500', 'edges slower than 500 ms'],
  ['%grpctraffic >= 50', "edges carrying at least half of their source's gRPC requests"],
  ['node = svc and !vs', 'services without a VirtualService'],
  ['protocol = tcp or !mtls', 'TCP edges, and edges without mutual TLS'],
  ['idle or dead', '(hide) nodes without traffic or without instances'],
  ['(ns = a or ns = b) and degraded', 'degraded nodes of namespaces a and b'],
  ['label:region = east', "nodes labelled region=east; 'label:region' alone: nodes with the label"],
  ['httpout = NaN', 'nodes sending no HTTP requests (NaN: no activity)'],
]

const OPERATORS: readonly [string, string][] = [
  ['=  !=', 'equals, not equals'],
  ['>  >=  <  <=', 'compare numbers'],
  ['*=  contains', 'contains (text)'],
  ['^=  startswith', 'starts with (text)'],
  ['$=  endswith', 'ends with (text)'],
  ['!*=  !^=  !$=', 'or "not contains", "not startswith", "not endswith"'],
  ['!  not', 'negates a flag or a group: !idle, not (ns = a)'],
  ['and  &&', 'both hold; binds tighter than or'],
  ['or  ||', 'either holds; joins node and edge conditions'],
  ['( )', 'groups'],
]

const NOTES: readonly string[] = [
  'Names and keywords ignore case; values do not. Quote a value with spaces: label:team = "web ui".',
  'Find highlights what matches; hide removes it. Hide wins where both apply.',
  'Hiding a node hides its edges; hiding edges hides the nodes left without any.',
  '"and" cannot join a node condition to an edge condition (nothing is both): use "or".',
  'Flags may be written with "is" or "has": "has vs", "is not idle".',
  'The badges on nodes use the flags\' abbreviations: VS, TS, FI, CB…',
]

function names(a: Attribute): string {
  return a.names.join(' | ')
}

function AttributeTable({ caption, rows }: { caption: string; rows: readonly Attribute[] }) {
  return (
    <table className="table find-help-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Expression</th>
          <th scope="col">Tests</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((a) => (
          <tr key={a.names[0]}>
            <td>
              <code>{a.kind === 'flag' ? names(a) : a.syntax.replace(a.names[0], names(a))}</code>
            </td>
            <td>{a.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The "?" beside find and hide: the language, from the same registry the parser reads. */
export function FindHelp() {
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const id = useId()

  useClickOutside(open, rootRef, () => setOpen(false))

  const nodeFields = FIELDS.filter((f) => f.target === 'node')
  const edgeFields = FIELDS.filter((f) => f.target === 'edge')
  return (
    <div
      className="menu find-help"
      ref={rootRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation()
          setOpen(false)
          buttonRef.current?.focus()
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-icon"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label="Find and hide help"
        data-testid="graph-find-help-button"
        onClick={() => setOpen(!open)}
      >
        ?
      </button>
      {open && (
        <div className="popover find-help-popover" id={id} role="dialog" aria-label="Find and hide expressions" data-testid="graph-find-help">
          <h2>Find and hide expressions</h2>
          <table className="table find-help-table">
            <caption>Examples</caption>
            <tbody>
              {EXAMPLES.map(([expr, what]) => (
                <tr key={expr}>
                  <td>
                    <code>{expr}</code>
                  </td>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <AttributeTable caption="Node fields (field op value)" rows={nodeFields} />
          <AttributeTable caption="Edge fields (field op value)" rows={edgeFields} />
          <AttributeTable caption="Flags (alone, or negated with ! / not)" rows={FLAGS} />
          <table className="table find-help-table">
            <caption>Operators</caption>
            <tbody>
              {OPERATORS.map(([op, what]) => (
                <tr key={op}>
                  <td>
                    <code>{op}</code>
                  </td>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="find-help-notes">
            {NOTES.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}
