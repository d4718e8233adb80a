import { create } from 'zustand'

/**
 * What the user folded or unfolded, by fold id (`data`, `data:series`): kept outside the cells so a choice survives
 * a cell drawn again (a new dataset, a replaced config). No entry: the fold's own default.
 */
export const useFolds = create<Record<string, boolean>>()(() => ({}))

export function setFolded(id: string, open: boolean): void {
  useFolds.setState({ [id]: open })
}
