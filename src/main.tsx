import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './ui/App'
import { ErrorBoundary } from './ui/ErrorBoundary'
import { loadBundled } from './store/actions'
import { openSharedLink } from './store/shareActions'
import { useStudio } from './store/store'
import { detectInterruptedRun } from './store/trainActions'
import './ui/styles.css'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary id="app" title="the studio">
      <App />
    </ErrorBoundary>
  </StrictMode>,
)

// The studio opens on real candles: the bundled dataset loads without any network beyond this origin. A share
// link sets the configuration first; a link to Binance or a file waits for Run all rather than fetch on its own.
void openSharedLink(location.hash).then(() => {
  if (useStudio.getState().config.data.source === 'bundled') void loadBundled()
})
detectInterruptedRun()
