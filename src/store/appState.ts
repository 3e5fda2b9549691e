import type { WorkerClient } from '../worker/client';
import type { DataSlice } from './dataSlice';
import type { RunSlice } from './runSlice';
import type { SettingsSlice } from './settingsSlice';

export type AppState = DataSlice & SettingsSlice & RunSlice;

export interface StoreDeps {
  client: WorkerClient;
  /** The page's base URL, under which the data files lie. */
  baseUrl: string;
}
