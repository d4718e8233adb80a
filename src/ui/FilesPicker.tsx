/** A labelled file input for model files (model.json, weights.bin, run.json); it clears itself so the same files can be picked again. */
export function FilesPicker({ label, disabled, onFiles }: { label: string; disabled?: boolean; onFiles: (files: File[]) => void }) {
  return (
    <label>
      {label}
      <input type="file" multiple accept=".json,.bin" disabled={disabled} onChange={(e) => {
        const files = [...(e.target.files ?? [])]
        e.target.value = ''
        if (files.length) onFiles(files)
      }} />
    </label>
  )
}
