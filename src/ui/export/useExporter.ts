import { useEffect, useState } from 'react';

export type Exporter = typeof import('../../export/exporter');

let loading: Promise<Exporter> | null = null;

/** The export module, loaded once on first use and shared; null until it has arrived. */
export function useExporter(): Exporter | null {
  const [exporter, setExporter] = useState<Exporter | null>(null);
  useEffect(() => {
    let live = true;
    void (loading ??= import('../../export/exporter')).then((m) => live && setExporter(m));
    return () => {
      live = false;
    };
  }, []);
  return exporter;
}
