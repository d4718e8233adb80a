import { runAll } from '../store/runAll'
import { dismissSharedLink } from '../store/shareActions'
import { useStudio } from '../store/store'

/** Shown when the page was opened from a share link: what it set, what it refused, and Run all. */
export function SharedBanner() {
  const shared = useStudio((s) => s.shared)
  const fileName = useStudio((s) => (s.config.data.source === 'file' ? s.config.data.fileName : undefined))
  if (!shared) return null
  return (
    <div className="notes shared" role="region" aria-label="Shared run">
      <p>
        This page was opened from a share link: every cell's configuration comes from it. Nothing has run yet.{' '}
        <button type="button" onClick={() => void runAll()}>Run all</button>{' '}
        <button type="button" onClick={dismissSharedLink}>Dismiss</button>
      </p>
      {fileName && <p>The run used the file {fileName}; choose it in the Data cell — files do not travel in links.</p>}
      {shared.rejected.length > 0 && (
        <div role="alert">
          <p>Some fields of the link were rejected and kept their defaults:</p>
          <ul aria-label="Rejected fields">{shared.rejected.map((r) => <li key={r.path}><code>{r.path}</code>: {r.message}</li>)}</ul>
        </div>
      )}
    </div>
  )
}
