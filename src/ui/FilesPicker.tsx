/** A labelled file input for model files (model.json, weights.bin or .safetensors, run.json); it clears itself so the same files can be picked again. */
export function FilesPicker({ label, accept = '.json,.bin,.safetensors', disabled, onFiles }: { label: string; accept?: string; disabled?: boolean; onFiles: (files: File[]) => void }) {
  return (
    <label>
      {label}
      <input type="file" multiple accept={accept} disabled={disabled} onChange={(e) => {
        const files = [...(e.target.files ?? [])]
        e.target.value = ''
        if (files.length) onFiles(files)
      }} />
    </label>
  )
}
