import { runDataCell } from './actions'
import { runBacktestCell } from './backtestActions'
import { runEvaluateCell } from './evalActions'
import { runFeaturesCell } from './featuresActions'
import { useStudio } from './store'
import { runModelCell, runTrainCell } from './trainActions'

/** Runs the cells top to bottom, stopping at the first that fails (its error shows in that cell). */
export async function runAll(): Promise<void> {
  const ok = (id: 'data' | 'features' | 'model' | 'train') => useStudio.getState().cells[id].status === 'done'
  await runDataCell()
  if (!ok('data')) return
  await runFeaturesCell()
  if (!ok('features')) return
  await runModelCell()
  if (!ok('model')) return
  await runTrainCell()
  if (!ok('train')) return
  await runEvaluateCell()
  if (useStudio.getState().cells.evaluate.status !== 'done') return
  await runBacktestCell()
}
