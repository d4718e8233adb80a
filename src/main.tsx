import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './ui/App'
import { ErrorBoundary } from './ui/ErrorBoundary'
import { openAddress } from './store/linkActions'
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
void openAddress(location.hash, true)
// A link pasted into a tab that already shows the studio changes only the hash: open it as a new tab would.
window.addEventListener('hashchange', () => void openAddress(location.hash, false))
detectInterruptedRun()
