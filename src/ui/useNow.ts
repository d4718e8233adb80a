import { useEffect, useState } from 'react'

/** Current time, re-read every `ms` while `active`: drives countdowns and ETAs. */
export function useNow(active: boolean, ms = 250): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    if (!active) return
    const t = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(t)
  }, [active, ms])
  return now
}
