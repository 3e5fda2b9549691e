/** How to run the exported scripts, and what they need. */
export function ExportHelp({ pytorch, keras }: { pytorch: string; keras: string }) {
  return (
    <details className="export-help">
      <summary>How to run them</summary>
      <p className="field-hint">
        <code>python3 {pytorch} --data DIR</code>, where DIR holds the four MNIST <code>.gz</code> files (this site&apos;s <code>data/mnist/</code> folder, or
        Fashion-MNIST&apos;s for a Fashion-MNIST run). Needs PyTorch and numpy (<code>pip install torch numpy</code>); the Keras script (<code>{keras}</code>)
        needs Keras 3 and a backend (<code>pip install keras tensorflow</code>).
      </p>
      <p className="field-hint">
        Both start from the browser&apos;s initial weights and batch order for this seed (the first loss matches to four decimals), print Keras-style epoch
        lines and write <code>*.runs.json</code>: import it under Runs to see the run beside the browser&apos;s. On several GPUs or machines:{' '}
        <code>torchrun --nproc_per_node N {pytorch} --data DIR --sync-bn</code>.
      </p>
    </details>
  );
}
