import { describeEngineJourneys } from './engines/journeys';
import { launchWebKit } from './engines/webkit';

describeEngineJourneys('WebKit', () => launchWebKit(), { serviceWorker: true });
