// Building blocks shared by Istio's API schemas (protobuf JSON as users write it in YAML).
import Type from 'typebox'

export const Opt = Type.Optional
export const Str = Type.String
export const StrList = Type.Array(Type.String())
export const Labels = Type.Record(Type.String(), Type.String())

/** Istio durations as protobuf JSON spells them: "1.5s", "100ms", "1h2m". */
export const Duration = Type.String({ pattern: '^([0-9]+(\\.[0-9]+)?(h|m|s|ms|us|µs|ns))+$' })

export const Percent = Type.Object({ value: Opt(Type.Number({ minimum: 0, maximum: 100 })) })

export const StringMatch = Type.Object({
  exact: Opt(Str()),
  prefix: Opt(Str()),
  regex: Opt(Str()),
})
export type StringMatch = Type.Static<typeof StringMatch>

export const PortSelector = Type.Object({ number: Opt(Type.Integer({ minimum: 0, maximum: 65535 })) })

export const WorkloadSelector = Type.Object({ labels: Opt(Labels) })
export const MatchLabelsSelector = Type.Object({ matchLabels: Opt(Labels) })

export const PolicyTargetReference = Type.Object({
  group: Opt(Str()),
  kind: Opt(Str()),
  name: Opt(Str()),
  namespace: Opt(Str()),
})
