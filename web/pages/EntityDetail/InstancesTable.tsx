import { Link } from 'react-router-dom'
import type { WorkloadSummary } from '../../../shared/telemetry.ts'
import { proxyPath } from '../../app/url/proxies.ts'
import { podName } from '../../components/syncStatus.ts'

type Instance = WorkloadSummary['instances'][number]

/** A workload's instances; those with a connected proxy link to its Proxies page (sync status, config dump). */
export function InstancesTable({ instances, search }: { instances: readonly Instance[]; search: string }) {
  if (instances.length === 0) return <p className="panel-empty muted">No instances: nothing runs this workload now.</p>
  return (
    <table className="table instances-table" data-testid="instances-table">
      <caption className="visually-hidden">Instances</caption>
      <thead>
        <tr>
          <th scope="col">Address</th>
          <th scope="col">Origin</th>
          <th scope="col">Locality</th>
          <th scope="col">Proxy</th>
        </tr>
      </thead>
      <tbody>
        {instances.map((i) => (
          <tr key={`${i.address}/${i.proxyId ?? i.origin}`} data-testid="instance-row">
            <td>
              <code>{i.address}</code>
            </td>
            <td>{i.origin}</td>
            <td>{i.locality || <span className="muted">—</span>}</td>
            <td>
              {i.proxyId ? (
                <Link to={proxyPath(i.proxyId) + search} title={i.proxyId}>
                  {podName(i.proxyId)}
                </Link>
              ) : (
                <span className="muted">not connected</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
