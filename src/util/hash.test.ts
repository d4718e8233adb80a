import { describe, expect, it } from 'vitest'
import { hashText } from './hash'

describe('hashText', () => {
  it('is FNV-1a in its first half (the published value of "a" is e40c292c)', () => {
    expect(hashText('a').slice(0, 8)).toBe('e40c292c')
    expect(hashText('').slice(0, 8)).toBe('811c9dc5')
  })
  it('tells texts that differ in one character apart, and repeats', () => {
    expect(hashText('rsi_14')).not.toBe(hashText('rsi_7'))
    expect(hashText('rsi_14')).toBe(hashText('rsi_14'))
    expect(hashText('x')).toMatch(/^[0-9a-f]{16}$/)
  })
})
