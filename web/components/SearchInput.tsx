// The text filter of list toolbars: a search box whose value lives in the URL.
interface Props {
  value: string
  onChange: (value: string) => void
  /** Accessible name, e.g. "Filter by name". */
  label: string
  placeholder?: string
  testId: string
  className?: string
}

export function SearchInput({ value, onChange, label, placeholder = label, testId, className = 'name-filter' }: Props) {
  return (
    <input
      type="search"
      className={`input ${className}`}
      placeholder={placeholder}
      aria-label={label}
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  )
}
