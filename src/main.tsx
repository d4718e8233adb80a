import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './ui/App'
import { loadBundled } from './store/actions'
import { detectInterruptedRun } from './store/trainActions'
import './ui/styles.css'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)

// The studio opens on real candles: the bundled dataset loads without any network beyond this origin.
void loadBundled()
detectInterruptedRun()
