import { Component, type ErrorInfo, type ReactNode } from 'react'
import { renderFault } from './renderFault'

interface Props {
  /** Shown in the fallback: "the Data cell could not be drawn". */
  title: string
  /** The cell this boundary guards, for the test-only render fault; undefined around the whole app. */
  id?: string
  children: ReactNode
}

interface State {
  error?: Error
}

/**
 * A render error stays in the part of the page that raised it. Without this React unmounts the whole tree on an
 * uncaught render error, and the page goes blank with the loaded data out of reach. The store is untouched, so
 * Retry draws the same state again.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = {}

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Kept for whoever debugs it; the page shows a short message only.
    console.error(`ui: ${this.props.title} could not be drawn`, error, info.componentStack)
  }

  override render(): ReactNode {
    const { error } = this.state
    if (!error) {
      return (
        <>
          {this.props.id !== undefined && <FaultProbe id={this.props.id} />}
          {this.props.children}
        </>
      )
    }
    return (
      <section className="cell cell-error" aria-label={`${this.props.title} (failed to draw)`}>
        <div className="cell-error" role="alert">
          ui: {this.props.title} could not be drawn ({error.name}: {error.message.slice(0, 200)}). Everything loaded is
          kept; Retry draws it again, and if it fails again, load other data.
        </div>
        <button type="button" onClick={() => this.setState({ error: undefined })}>Retry</button>
      </section>
    )
  }
}

/** Throws while the test-only render fault names this cell (see renderFault.ts). */
function FaultProbe({ id }: { id: string }): null {
  if (renderFault() === id) throw new Error(`test render fault in ${id}`)
  return null
}
