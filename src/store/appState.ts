import type { WorkerClient } from '../worker/client';
import type { BackendSlice } from './backendSlice';
import type { ClassBoardSlice } from './classBoardSlice';
import type { DataSlice } from './dataSlice';
import type { LessonSlice } from './lessonSlice';
import type { ConvFormSlice } from './convFormSlice';
import type { FeatureMapsSlice } from './featureMapsSlice';
import type { PredictionsSlice } from './predictionsSlice';
import type { ProbesSlice } from './probesSlice';
import type { RunListSlice } from './runListSlice';
import type { RunsSlice } from './runsSlice';
import type { SettingsSlice } from './settingsSlice';
import type { ViewSlice } from './viewSlice';
import type { WeightsSlice } from './weightsSlice';

export type AppState = DataSlice &
  SettingsSlice &
  ConvFormSlice &
  RunsSlice &
  RunListSlice &
  BackendSlice &
  ViewSlice &
  PredictionsSlice &
  ProbesSlice &
  FeatureMapsSlice &
  LessonSlice &
  ClassBoardSlice &
  WeightsSlice;

export interface StoreDeps {
  client: WorkerClient;
  /** The page's base URL, under which the data files lie. */
  baseUrl: string;
}
