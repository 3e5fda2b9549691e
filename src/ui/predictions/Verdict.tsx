/** Right or wrong, in a symbol and a word (never colour alone). */
export function Verdict({ right }: { right: boolean }) {
  return right ? <span className="verdict right">✓ right</span> : <span className="verdict wrong">✗ wrong</span>;
}
