import { ClassroomBar } from './ClassroomBar';
import { ComparePanel } from './ComparePanel';
import { ComparisonTable } from './ComparisonTable';
import { ConvnetSection } from './convnet/ConvnetSection';
import { DataPanel } from './DataPanel';
import { EpochTable } from './EpochTable';
import { ExportPanel } from './export/ExportPanel';
import { ModelPanel } from './ModelPanel';
import { InputMismatchNotes } from './InputMismatchNotes';
import { InsideBatchNormSection } from './inside/InsideBatchNormSection';
import { Notices } from './Notices';
import { DATASET_SPECS } from '../data/datasets';
import { DATASETS } from '../engine/config';
import { PredictionsSection } from './predictions/PredictionsSection';
import { PresetsPanel } from './PresetsPanel';
import { ResultsTable } from './ResultsTable';
import { RunControls } from './RunControls';
import { RunsList } from './RunsList';
import { selectLessonOpen, selectPresenter } from '../store/selectors';
import { LessonPage } from './lessons/LessonPage';
import { LessonsButton } from './lessons/LessonsButton';
import { SharePanel } from './SharePanel';
import { StatusLine } from './StatusLine';
import { useApp } from './StoreContext';
import { TrainingCharts } from './TrainingCharts';
import { TrainingPanel } from './TrainingPanel';

export function App() {
  const presenter = useApp(selectPresenter);
  const lessonOpen = useApp(selectLessonOpen);
  return (
    <div className={presenter ? 'app presenter' : 'app'}>
      <header className="app-header">
        <div className="app-title">
          <div className="app-title-row">
            <h1>BatchNorm Playground</h1>
            <LessonsButton />
          </div>
          <p>Train a real network on real MNIST in your browser, with and without Batch Normalization.</p>
        </div>
        <ClassroomBar />
      </header>
      {lessonOpen ? (
        <LessonPage />
      ) : (
        <main className="layout">
          <div className="controls">
            <PresetsPanel />
            <DataPanel />
            <ModelPanel />
            <TrainingPanel />
            <ComparePanel />
            <SharePanel />
            <ExportPanel />
          </div>
          <div className="results">
            <div className="run-bar">
              <RunControls />
              <StatusLine />
            </div>
            <Notices />
            <InputMismatchNotes />
            <TrainingCharts />
            <RunsList />
            <ResultsTable />
            <ComparisonTable />
            <EpochTable />
            <PredictionsSection />
            <InsideBatchNormSection />
            <ConvnetSection />
          </div>
        </main>
      )}
      <footer className="app-footer">{DATASETS.map((d) => DATASET_SPECS[d].credit).join(' ')} Training runs in your browser; nothing is sent anywhere.</footer>
    </div>
  );
}
