import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

/** Each redraw's main-thread time is recorded under this name, so a test or a person can read what the charts cost. */
export const REDRAW_MEASURE = 'chart redraw'

/**
 * A uPlot chart (canvas: thousands of points redraw in a millisecond or two, where SVG paths grow with every point).
 * The chart is built once per `shape` (series and scales) and then only handed new data; uPlot's legend names each
 * line and reads out the values under the pointer.
 */
export function UPlot({ opts, data, label, shape }: { opts: Omit<uPlot.Options, 'width' | 'height'> & { width?: number; height?: number }; data: uPlot.AlignedData; label: string; shape: string }) {
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | undefined>(undefined)
  const latest = useRef(data)
  latest.current = data
  useEffect(() => {
    const el = box.current!
    const width = opts.width ?? Math.max(420, Math.min(el.clientWidth, 760))
    const u = new uPlot({ height: 220, ...opts, width, hooks: { ...opts.hooks, draw: [...(opts.hooks?.draw ?? []), measured] } }, latest.current, el)
    plot.current = u
    return () => {
      u.destroy()
      plot.current = undefined
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt when the chart's shape changes, not its options' identity
  }, [shape])
  useEffect(() => {
    if (!plot.current || plot.current.data === data) return
    performance.mark(`${REDRAW_MEASURE} start`)
    plot.current.setData(data)
  }, [data])
  return <div ref={box} role="img" aria-label={label} className="uplot-box" />
}

// setData draws later in the same task; the measure spans both.
function measured(): void {
  if (performance.getEntriesByName(`${REDRAW_MEASURE} start`, 'mark').length === 0) return
  performance.measure(REDRAW_MEASURE, `${REDRAW_MEASURE} start`)
  performance.clearMarks(`${REDRAW_MEASURE} start`)
}
