import { runDataCell } from './actions'
import { runFeaturesCell } from './featuresActions'
import { useStudio } from './store'
import { runModelCell, runTrainCell } from './trainActions'

/** Runs the cells top to bottom, stopping at the first that fails (its error shows in that cell). */
export async function runAll(): Promise<void> {
  await runDataCell()
  if (useStudio.getState().cells.data.status !== 'done') return
  await runFeaturesCell()
  if (useStudio.getState().cells.features.status !== 'done') return
  await runModelCell()
  if (useStudio.getState().cells.model.status !== 'done') return
  await runTrainCell()
}
