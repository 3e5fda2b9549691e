import { useId, useMemo, useState } from 'react';
import { orderedControls, type HideableControl } from '../share/hideableControls';
import { encodeShare } from '../share/urlCodec';
import { HideControlsField } from './HideControlsField';
import { selectHidden } from '../store/selectors';
import { useApp } from './StoreContext';
import { Switch } from './Switch';
import { useComparison } from './useComparison';
import { useHidden } from './useHidden';
import { useValidation } from './useValidation';

/**
 * A link that opens this experiment (and, if asked, this comparison) in anyone's browser: the
 * settings travel in the URL, nothing is stored anywhere.
 */
export function SharePanel() {
  const form = useValidation();
  const comparison = useComparison();
  const [withComparison, setWithComparison] = useState(false);
  // Starts as this page was opened, so a teacher's link can be edited and passed on.
  const openedHidden = useApp(selectHidden);
  const [hidden, setHidden] = useState<HideableControl[]>(() => orderedControls(openedHidden));
  const [presenter, setPresenter] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const id = useId();
  const link = useMemo(() => {
    if (!form.ok) return null;
    const query = encodeShare({
      config: form.config,
      comparison:
        withComparison && comparison.ok
          ? { variation: comparison.value.setup.variation, schedule: comparison.value.setup.schedule, alsoWithoutBn: comparison.value.setup.alsoWithoutBn }
          : null,
      preset: null,
      hidden,
      presenter,
    });
    const url = new URL(location.href);
    url.search = query;
    url.hash = '';
    return url.href;
  }, [form, comparison, withComparison, hidden, presenter]);
  const panelHidden = useHidden('share');
  const copy = async () => {
    if (!link) return;
    history.replaceState(null, '', link);
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied.');
    } catch {
      // Plain http (a classroom server) has no clipboard API: the link stays selectable below.
      setCopied('Copy the link from the box (your browser does not allow copying here).');
    }
  };
  if (panelHidden) return null;
  return (
    <section className="panel" aria-labelledby="share-heading">
      <h2 id="share-heading">Share</h2>
      <Switch label="Include the comparison" checked={withComparison} onChange={setWithComparison} disabled={!comparison.ok} />
      <Switch label="Open in presenter mode" checked={presenter} onChange={setPresenter} />
      <HideControlsField value={hidden} onChange={setHidden} />
      <div className="field">
        <label htmlFor={id}>Link to this experiment</label>
        <input id={id} type="text" readOnly value={link ?? ''} placeholder="Fix the highlighted settings first" onFocus={(e) => e.target.select()} />
      </div>
      <button type="button" disabled={!link} onClick={() => void copy()}>
        Copy link
      </button>
      {copied ? (
        <p className="field-hint" role="status">
          {copied}
        </p>
      ) : null}
    </section>
  );
}
