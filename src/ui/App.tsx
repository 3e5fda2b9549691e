import { DataPanel } from './DataPanel';
import { EpochTable } from './EpochTable';
import { RunControls } from './RunControls';
import { ModelPanel } from './ModelPanel';
import { StatusLine } from './StatusLine';
import { TrainingCharts } from './TrainingCharts';
import { TrainingPanel } from './TrainingPanel';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>BatchNorm Playground</h1>
        <p>Train a real network on real MNIST in your browser, with and without Batch Normalization.</p>
      </header>
      <main className="layout">
        <div className="controls">
          <DataPanel />
          <ModelPanel />
          <TrainingPanel />
        </div>
        <div className="results">
          <div className="run-bar">
            <RunControls />
            <StatusLine />
          </div>
          <TrainingCharts />
          <EpochTable />
        </div>
      </main>
      <footer className="app-footer">
        MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges, CC BY-SA 3.0. Training runs in your browser;
        nothing is sent anywhere.
      </footer>
    </div>
  );
}
