// Which theme to show: the user's stored choice, else the system's. Pure: tested in test/unit/web.
// index.html repeats this logic inline so the first paint is already in the right theme.

export type ThemeName = 'light' | 'dark'

export const THEME_STORAGE_KEY = 'trellis.theme'

export function parseStoredTheme(value: string | null): ThemeName | undefined {
  return value === 'light' || value === 'dark' ? value : undefined
}

export function resolveTheme(stored: ThemeName | undefined, systemPrefersDark: boolean): ThemeName {
  return stored ?? (systemPrefersDark ? 'dark' : 'light')
}
