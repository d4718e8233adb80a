/**
 * Resolves in a new task, so the browser can paint and handle input between two pieces of work that would otherwise
 * make one long task (a long task over 50 ms is what makes a page feel frozen). A MessageChannel message is not
 * clamped to 4 ms the way nested timers are.
 */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel()
    port1.onmessage = () => {
      port1.close()
      resolve()
    }
    port2.postMessage(undefined)
  })
}
