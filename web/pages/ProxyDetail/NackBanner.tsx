import { RelativeTime } from '../../components/RelativeTime.tsx'
import { TYPE_TITLES, type ActiveNack } from '../../components/syncStatus.ts'

interface Props {
  nack: ActiveNack
  /** The last version of this type the proxy accepted, which it keeps using. */
  ackedVersion: string | undefined
  now: number
}

/** A rejected config, in the proxy's own words: the first thing to read on this page. */
export function NackBanner({ nack, ackedVersion, now }: Props) {
  return (
    <section className="banner banner-error" role="alert" aria-label={`${nack.type} rejected`} data-testid="nack-banner">
      <div className="banner-body">
        <strong>
          The proxy rejected its {TYPE_TITLES[nack.type].toLowerCase()} ({nack.type}) version {nack.version}
        </strong>
        <pre className="nack-text">{nack.message}</pre>
        <p className="muted">
          NACKed <RelativeTime iso={nack.at} now={now} /> (nonce <code>{nack.nonce}</code>).{' '}
          {ackedVersion
            ? `It keeps using version ${ackedVersion}, the last it accepted, until a push it accepts.`
            : 'It has accepted no version of this type yet, so it has none in use.'}{' '}
          Fixing the config that produced it pushes a new version.
        </p>
      </div>
    </section>
  )
}
