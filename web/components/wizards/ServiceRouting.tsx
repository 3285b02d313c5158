import { useLocation, useNavigate } from 'react-router-dom'
import { searchString } from '../../app/url/params.ts'
import { CanaryRampPanel } from './CanaryRampPanel.tsx'
import { useRoutingData, type RoutingData } from './useRoutingData.ts'
import { WizardHost } from './WizardHost.tsx'
import { withWizard, wizardOf } from './wizardUrl.ts'

/** On a service's page: its canary ramps, and the wizard the URL asks for (`?wizard=traffic-shifting`). */
export function ServiceRouting({ namespace, name }: { namespace: string; name: string }) {
  const data = useRoutingData(namespace, name)
  return <ServiceRoutingView data={data} />
}

function ServiceRoutingView({ data }: { data: RoutingData }) {
  const location = useLocation()
  const navigate = useNavigate()
  const params = new URLSearchParams(location.search)
  const wizard = wizardOf(params)
  const close = () => navigate({ pathname: location.pathname, search: searchString(withWizard(params, undefined)) }, { replace: true })
  return (
    <>
      <CanaryRampPanel ramps={data.ramps} viewOnly={data.viewOnly} />
      {wizard && <WizardHost key={wizard} wizard={wizard} data={data} onClose={close} />}
    </>
  )
}
