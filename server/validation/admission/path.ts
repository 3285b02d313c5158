// Field paths as segment arrays; `check` formats them as Kiali does (spec/http[0]/route).

export type Path = readonly (string | number)[]
